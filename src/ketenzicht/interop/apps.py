from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "ketenzicht.interop"
    label = "interop"
    verbose_name = "Uitwisseling"

    def ready(self) -> None:
        # Ketenzicht's own system checks (keys and proxies; `check --deploy`), registered once
        # here because this app is always installed.
        from ketenzicht import checks  # noqa: F401
