from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "listings"
    verbose_name = "Search and listings"
