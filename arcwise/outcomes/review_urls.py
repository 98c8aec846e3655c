"""The review pages of a journey."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
