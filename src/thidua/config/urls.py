from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from thidua.core import pages
from thidua.core import views as core_views

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", include("thidua.config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("thidua.organisations.urls")),
    path("", include("thidua.indicators.urls")),
    path("", include("thidua.collection.urls")),
    path("", include("thidua.voting.urls")),
    path("", include("thidua.scoring.urls")),
    path("", include("thidua.analytics.urls")),
    path("", include("thidua.practices.urls")),
    path("", include("thidua.personnel.urls")),
    path("", include("thidua.commendations.urls")),
    path("", include("thidua.reports.urls")),
]

handler400 = "thidua.core.views.bad_request"
handler403 = "thidua.core.views.permission_denied"
handler404 = "thidua.core.views.page_not_found"
handler500 = "thidua.core.views.server_error"
