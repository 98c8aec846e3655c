"""The measure pages of a journey."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
