from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ketenzicht.api"
    label = "api"
    verbose_name = "API-koppelingen"
