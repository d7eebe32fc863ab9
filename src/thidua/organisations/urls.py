from django.urls import path

from thidua.organisations import views

app_name = "organisations"
urlpatterns = [
    path("to-chuc/", views.tree, name="tree"),
    path("to-chuc/<str:code>/", views.unit, name="unit"),
    path("cum-thi-dua/", views.clusters, name="clusters"),
    path("cum-thi-dua/<int:pk>/", views.edition, name="edition"),
]
