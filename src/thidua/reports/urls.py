"""Pages of the báo cáo sơ kết / tổng kết."""

from django.urls import path

from thidua.reports import views

app_name = "reports"
urlpatterns = [
    path("bao-cao-tong-hop/", views.index, name="index"),
    path("bao-cao-tong-hop/tao/", views.create, name="create"),
    path("bao-cao-tong-hop/<int:pk>/", views.draft, name="draft"),
    path("bao-cao-tong-hop/<int:pk>/tao-tep/", views.build, name="build"),
    path("bao-cao-tong-hop/tep/<int:pk>/", views.download, name="download"),
    path("bao-cao-tong-hop/tep/<int:pk>/tien-do/", views.file_status, name="file_status"),
]
