from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "ketenzicht.care"
    verbose_name = "Wachten"
