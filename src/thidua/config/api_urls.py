"""REST API v1 (DESIGN.md): session or ``Authorization: Token <key>`` authentication."""

from django.urls import include, path

from thidua.indicators.api import views as indicator_views
from thidua.organisations.api import views as org_views

urlpatterns = [
    path("org-tree/", org_views.OrgTreeView.as_view(), name="api-org-tree"),
    path("org-units/<str:code>/", org_views.OrgUnitDetailView.as_view(), name="api-org-unit"),
    path("cluster-editions/", org_views.ClusterEditionListView.as_view(), name="api-editions"),
    path("cluster-editions/<int:pk>/", org_views.ClusterEditionDetailView.as_view(), name="api-edition"),
    path("indicators/", indicator_views.IndicatorListView.as_view(), name="api-indicators"),
    path("periods/", indicator_views.PeriodListView.as_view(), name="api-periods"),
    path("targets/", indicator_views.TargetListView.as_view(), name="api-targets"),
    path("targets/<int:pk>/", indicator_views.TargetDetailView.as_view(), name="api-target"),
    path("", include("thidua.collection.api.urls")),
]
