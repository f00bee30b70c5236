from django.apps import AppConfig


class DataConfig(AppConfig):
    name = "migrantscount.data"
    label = "data"
