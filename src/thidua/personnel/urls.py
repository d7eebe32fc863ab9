"""Pages of the personnel app: officers' records (/can-bo/) and registration (/dang-ky-thi-dua/)."""

from django.urls import path

from thidua.personnel import views

app_name = "personnel"
urlpatterns = [
    path("can-bo/", views.index, name="index"),
    path("can-bo/them/", views.person_create, name="person_create"),
    path("can-bo/nhap-excel/", views.import_page, name="import"),
    path("can-bo/bieu-mau-nhap.xlsx", views.import_template, name="import_template"),
    path("can-bo/don-vi/<int:pk>/", views.unit_page, name="unit"),
    path("can-bo/<int:pk>/", views.person_page, name="person"),
    path("can-bo/<int:pk>/sua/", views.person_update, name="person_update"),
    path("can-bo/<int:pk>/cong-tac/", views.posting_create, name="posting_create"),
    path("can-bo/<int:pk>/xep-loai/", views.rating_set, name="rating_set"),
    path("can-bo/<int:pk>/ky-luat/", views.discipline_create, name="discipline_create"),
    path("can-bo/<int:pk>/sang-kien/", views.innovation_create, name="innovation_create"),
    path("can-bo/<int:pk>/khen-thuong/", views.award_create, name="award_create"),
    path("can-bo/<int:pk>/<slug:kind>/<int:rid>/", views.record_page, name="record"),
    path("dang-ky-thi-dua/", views.windows, name="windows"),
    path("dang-ky-thi-dua/<int:pk>/", views.window_page, name="window"),
]
