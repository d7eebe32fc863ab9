"""The project's URLs plus the voting pages (unless the project already includes them)."""

from django.urls import include, path

from thidua.config import urls as project

urlpatterns = list(project.urlpatterns)
if not any(getattr(p, "namespace", None) == "voting" for p in urlpatterns):
    urlpatterns.append(path("", include("thidua.voting.urls")))

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
