from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "ketenzicht.access"
    label = "access"
    verbose_name = "Toegang"

    def ready(self):
        from .dutch import name_libraries_in_dutch

        name_libraries_in_dutch()
