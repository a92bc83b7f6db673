from django.apps import AppConfig


class CryoInfoConfig(AppConfig):
    name = "cryoinfo"
    verbose_name = "CryoInfo"

    def ready(self) -> None:
        from . import signals

        signals.connect()
