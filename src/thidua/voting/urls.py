"""Pages of the secret ballot: the list, the secretariat's page, the voter's page, the results and the minutes."""

from django.urls import path

from thidua.voting import views

app_name = "voting"
urlpatterns = [
    path("binh-xet/", views.index, name="index"),
    path("binh-xet/tao/", views.create, name="create"),
    path("binh-xet/<int:pk>/", views.manage, name="manage"),
    path("binh-xet/<int:pk>/cai-dat/", views.update, name="update"),
    path("binh-xet/<int:pk>/don-vi/", views.candidates, name="candidates"),
    path("binh-xet/<int:pk>/cu-tri/", views.roll, name="roll"),
    path("binh-xet/<int:pk>/mo/", views.open_ballot, name="open"),
    path("binh-xet/<int:pk>/ket-thuc/", views.close_ballot, name="close"),
    path("binh-xet/<int:pk>/bo-phieu/", views.vote, name="vote"),
    path("binh-xet/<int:pk>/ket-qua/", views.results, name="results"),
    path("binh-xet/<int:pk>/bien-ban.docx", views.minutes, name="minutes"),
]
