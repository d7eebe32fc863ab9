"""Pages of the scoring app (chấm điểm thi đua), under /cham-diem/."""

from django.urls import path

from thidua.scoring import views

app_name = "scoring"
urlpatterns = [
    path("cham-diem/", views.index, name="index"),
    path("cham-diem/thang-diem/tao/", views.scale_create, name="scale_create"),
    path("cham-diem/thang-diem/<int:pk>/", views.scale_detail, name="scale"),
    path("cham-diem/thang-diem/<int:pk>/sua/<slug:part>/", views.scale_edit, name="scale_edit"),
    path("cham-diem/thang-diem/<int:pk>/sao-chep/", views.scale_copy, name="scale_copy"),
    path("cham-diem/thang-diem/<int:pk>/ban-hanh/", views.scale_publish, name="scale_publish"),
    path("cham-diem/thang-diem/<int:pk>/cap-nhat-so-lieu/", views.scale_refresh, name="scale_refresh"),
    path("cham-diem/phieu/<int:pk>/", views.scorecard, name="scorecard"),
    path("cham-diem/phieu/<int:pk>/<slug:step>/", views.scorecard_step, name="scorecard_step"),
    path("cham-diem/phieu/<int:pk>/tai-lieu/<int:evidence_pk>/", views.evidence_download, name="evidence"),
    path("cham-diem/xep-hang/<int:edition_pk>/<str:period_code>/", views.ranking, name="ranking"),
]
