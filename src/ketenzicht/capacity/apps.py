from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "ketenzicht.capacity"
    verbose_name = "Capaciteit"
