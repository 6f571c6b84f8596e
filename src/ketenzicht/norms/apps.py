from django.apps import AppConfig


class NormsConfig(AppConfig):
    name = "ketenzicht.norms"
    label = "norms"
    verbose_name = "Normen"
    default_auto_field = "django.db.models.BigAutoField"
