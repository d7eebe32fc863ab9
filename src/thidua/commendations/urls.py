"""Pages of the commendations app: dossiers (hồ sơ đề nghị khen thưởng), rule sets, eligibility."""

from django.urls import path

from thidua.commendations import views

app_name = "commendations"
urlpatterns = [
    path("khen-thuong/", views.index, name="index"),
    path("khen-thuong/tao/", views.create, name="create"),
    path("khen-thuong/bo-tieu-chuan/", views.rulesets, name="rulesets"),
    path("khen-thuong/xet-tieu-chuan/", views.eligibility, name="eligibility"),
    path("khen-thuong/<int:pk>/", views.dossier, name="dossier"),
    path("khen-thuong/<int:pk>/sua/", views.update, name="update"),
    path("khen-thuong/<int:pk>/them/", views.line_add, name="line_add"),
    path("khen-thuong/<int:pk>/dong/<int:line>/xoa/", views.line_remove, name="line_remove"),
    path("khen-thuong/<int:pk>/dong/<int:line>/binh-xet/", views.line_ballot, name="line_ballot"),
    path("khen-thuong/<int:pk>/dong/<int:line>/xet-duyet/", views.line_verdict, name="line_verdict"),
    path("khen-thuong/<int:pk>/quyet-dinh/", views.decide, name="decide"),
    path("khen-thuong/<int:pk>/van-ban/<slug:kind>.docx", views.document, name="document"),
    path("khen-thuong/<int:pk>/<slug:action>/", views.move, name="move"),
]
