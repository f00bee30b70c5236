from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "migrantscount.api"
    label = "api"
