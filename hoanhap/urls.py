from django.urls import include, path

from hoanhap.api.reference import api_reference_view
from hoanhap.api.urls import api

urlpatterns = [
    path("api/v1/docs", api_reference_view, name="api_reference"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("hoanhap.web.urls")),
]
