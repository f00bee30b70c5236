from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "migrantscount.pages"
    label = "pages"
