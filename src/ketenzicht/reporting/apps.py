from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "ketenzicht.reporting"
    verbose_name = "Rapportage"
