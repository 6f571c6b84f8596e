from django.apps import AppConfig


class ChainConfig(AppConfig):
    name = "ketenzicht.chain"
    label = "chain"
    verbose_name = "Keten voor de maatregel"
