from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "migrantscount.core"
    label = "core"
