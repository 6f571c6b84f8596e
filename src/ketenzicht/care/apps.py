from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "ketenzicht.care"
    verbose_name = "Wachten"

    def ready(self) -> None:
        from ketenzicht.timeline.rebuild_command import DERIVED
        from ketenzicht.timeline.signals import events_written

        from . import help_steps, holders

        for name, store in (("holders", holders.STORE), ("help", help_steps.STORE)):
            events_written.connect(store.refresh_on_write, dispatch_uid=f"care-{name}")
            if store.differences not in DERIVED:
                DERIVED.append(store.differences)
