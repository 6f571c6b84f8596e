from django.apps import AppConfig
from django.core.signals import setting_changed

CALENDAR_SETTINGS = ("NORMS_GOOD_FRIDAY_IS_HOLIDAY", "NORMS_LIBERATION_DAY")


def configure_calendar(**kwargs) -> None:
    """The working-day calendar from the settings (at start-up, and when a test overrides one of
    them): `norms.calendar` stays free of Django."""
    if kwargs.get("setting") not in (None, *CALENDAR_SETTINGS):
        return
    from django.conf import settings

    from .calendar import configure

    configure(
        bool(getattr(settings, "NORMS_GOOD_FRIDAY_IS_HOLIDAY", False)),
        getattr(settings, "NORMS_LIBERATION_DAY", "lustrum"),
    )


class NormsConfig(AppConfig):
    name = "ketenzicht.norms"
    label = "norms"
    verbose_name = "Normen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        configure_calendar()
        setting_changed.connect(configure_calendar, dispatch_uid="norms-calendar")
        from ketenzicht.timeline.rebuild_command import DERIVED
        from ketenzicht.timeline.signals import events_written

        from . import readmodel

        events_written.connect(readmodel.refresh_on_write, dispatch_uid="norms-readmodel")
        if readmodel.differences not in DERIVED:
            DERIVED.append(readmodel.differences)
