"""Pages of the good-practice registry (nhân tố mới, điển hình tiên tiến, mô hình hiệu quả, cách làm hay)."""

from django.urls import path

from thidua.practices import views

app_name = "practices"
urlpatterns = [
    path("dien-hinh/", views.index, name="list"),
    path("dien-hinh/them/", views.create, name="create"),
    path("dien-hinh/<int:pk>/", views.detail, name="detail"),
    path("dien-hinh/<int:pk>/sua/", views.edit, name="edit"),
    path("dien-hinh/<int:pk>/nhan-rong/", views.replicate, name="replicate"),
    path("dien-hinh/<int:pk>/cong-bo/", views.publish, name="publish"),
    path("dien-hinh/<int:pk>/tep/", views.attach, name="attach"),
    path("dien-hinh/<int:pk>/tep/<int:attachment_pk>/", views.attachment, name="attachment"),
]
