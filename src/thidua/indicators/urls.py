from django.urls import path

from thidua.indicators import views

app_name = "indicators"
urlpatterns = [
    path("chi-tieu/", views.indicators, name="indicators"),
    path("ky-bao-cao/", views.periods, name="periods"),
]
