from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "arcwise.search"
    label = "search"
    verbose_name = "Search"
