"""Pages of the commendations app."""

from django.urls import URLPattern

app_name = "commendations"
urlpatterns: list[URLPattern] = []
