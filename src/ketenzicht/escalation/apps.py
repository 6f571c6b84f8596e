from django.apps import AppConfig


class EscalationConfig(AppConfig):
    name = "ketenzicht.escalation"
    verbose_name = "Escalatie en crisis"
