from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "ketenzicht.care"
    verbose_name = "Wachten"

    def ready(self) -> None:
        from ketenzicht.timeline.rebuild_command import DERIVED
        from ketenzicht.timeline.signals import events_written

        from . import holders

        events_written.connect(holders.refresh_on_write, dispatch_uid="care-holders")
        if holders.differences not in DERIVED:
            DERIVED.append(holders.differences)
