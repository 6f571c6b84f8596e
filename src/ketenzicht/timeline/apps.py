from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "ketenzicht.timeline"
    label = "timeline"
    verbose_name = "Tijdlijn"
