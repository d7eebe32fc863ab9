"""Pages of data collection: the unit's report form, its Excel round trip, the secretariat's overview."""

from django.urls import path

from thidua.collection.views import entry, excel, narrative, review

app_name = "collection"
urlpatterns = [
    path("bao-cao/", entry.index, name="index"),
    path("bao-cao/mo/", entry.open_report, name="open"),
    path("bao-cao/<int:pk>/", entry.form, name="form"),
    path("bao-cao/<int:pk>/gia-tri/", entry.save_value, name="save-value"),
    path("bao-cao/<int:pk>/tep/", entry.upload, name="upload"),
    path("bao-cao/<int:pk>/tep/<int:attachment_pk>/", entry.attachment, name="attachment"),
    path("bao-cao/<int:pk>/thao-tac/", entry.action, name="action"),
    path("bao-cao/<int:pk>/mo-khoa/", entry.unlock, name="unlock"),
    path("bao-cao/<int:pk>/lich-su/<int:value_pk>/", entry.history, name="history"),
    path("bao-cao/<int:pk>/excel/", excel.download, name="excel-download"),
    path("bao-cao/<int:pk>/excel/tai-len/", excel.upload, name="excel-upload"),
    path("bao-cao/<int:pk>/loi-van/", narrative.narratives, name="narrative"),
    path("bao-cao/<int:pk>/loi-van/<int:narrative_pk>/", narrative.review, name="narrative-review"),
    path("bao-cao/<int:pk>/loi-van/<int:narrative_pk>/tep/", narrative.narrative_file, name="narrative-file"),
    path("cum-thi-dua/<int:edition_pk>/bao-cao/", review.overview, name="overview"),
    path("cum-thi-dua/<int:edition_pk>/bao-cao/duyet/", review.bulk, name="bulk"),
    path("thong-bao/", review.notifications, name="notifications"),
]
