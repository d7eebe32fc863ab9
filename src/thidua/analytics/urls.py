"""Pages of the analytics app."""

from django.urls import path

from thidua.analytics import views

app_name = "analytics"
urlpatterns = [
    path("phan-tich/", views.explorer, name="explorer"),
    path("phan-tich/cum/", views.dashboards, name="dashboards"),
    path("phan-tich/cum/<int:pk>/", views.dashboard, name="dashboard"),
]
