"""REST API of data collection, under /api/v1/."""

from django.urls import path

from thidua.collection.api import views

urlpatterns = [
    path("submissions/", views.SubmissionListView.as_view(), name="api-submissions"),
    path("submissions/review/", views.BulkReviewView.as_view(), name="api-submissions-review"),
    path("submissions/<int:pk>/", views.SubmissionDetailView.as_view(), name="api-submission"),
    path("submissions/<int:pk>/actions/", views.SubmissionActionView.as_view(), name="api-submission-action"),
    path("submissions/<int:pk>/values/", views.SubmissionValuesView.as_view(), name="api-submission-values"),
    path("submissions/<int:pk>/values/<int:value_pk>/", views.ValueDetailView.as_view(), name="api-value"),
    path(
        "submissions/<int:pk>/values/<int:value_pk>/history/",
        views.ValueHistoryView.as_view(),
        name="api-value-history",
    ),
]
