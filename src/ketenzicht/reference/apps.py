from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync(sender, **kwargs):
    from .services import sync_municipalities

    sync_municipalities()


class ReferenceConfig(AppConfig):
    name = "ketenzicht.reference"
    label = "reference"
    verbose_name = "Referentiegegevens"

    def ready(self) -> None:
        # Municipalities and regions come from a CSV in the repository; every migrate keeps the
        # database in step with it.
        post_migrate.connect(_sync, sender=self)
