from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "ketenzicht.interop"
    label = "interop"
    verbose_name = "Uitwisseling"
