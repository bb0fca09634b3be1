from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csp import csp_override
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from procurement.accounts.views import sign_in_elsewhere
from procurement.health import healthz
from procurement.opendata.api import router as opendata_api
from search.api import api as search_api

search_api.add_router("/opendata/", opendata_api)

# Wagtail's admin runs inline scripts of its own; only its views get the admin policy.
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, csp_override(settings.WAGTAIL_ADMIN_CSP))

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # allauth's is the one sign-in (it asks for the second factor and is rate limited); the
    # password-only login views that the Django admin and Wagtail route send people there.
    path("django-admin/login/", sign_in_elsewhere),
    path("admin/login/", sign_in_elsewhere),
    path("_util/login/", sign_in_elsewhere),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("council/challenges/", include("challenges.urls")),
    path("council/opening/", include("tenders.opening_urls")),
    path("council/evaluation/", include("procurement.evaluation.panel_urls")),
    path("council/awards/", include("procurement.awards.urls")),
    path("payments/", include("procurement.payments.urls")),
    path("opendata/", include("procurement.opendata.urls")),
    path("council/", include("procurement.buyers.urls")),
    path("proposals/", include("tenders.urls")),
    path("supplier/", include("suppliers.urls")),
    path("account/", include("procurement.accounts.urls")),
    path("opportunities/", include("search.urls")),
    path("api/v1/", search_api.urls),
]

if settings.DEBUG:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
