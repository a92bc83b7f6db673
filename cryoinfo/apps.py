from django.apps import AppConfig


class CryoInfoConfig(AppConfig):
    name = "cryoinfo"
    verbose_name = "CryoInfo"
