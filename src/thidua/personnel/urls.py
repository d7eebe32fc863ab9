"""Pages of the personnel app."""

from django.urls import URLPattern

app_name = "personnel"
urlpatterns: list[URLPattern] = []
