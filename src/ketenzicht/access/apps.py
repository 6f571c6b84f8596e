from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "ketenzicht.access"
    label = "access"
    verbose_name = "Toegang"
