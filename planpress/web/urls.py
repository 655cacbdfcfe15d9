from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.http import urlencode

from . import errors

admin.site.site_header = admin.site.site_title = "planpress 系统管理"
admin.site.index_title = "账户与审计"
# One sign-in for everything: the admin pages use the application's (its lock and audit trail).
admin.site.login = lambda request, extra_context=None: redirect(
    "/accounts/sign-in/?" + urlencode({"next": request.GET.get("next", "/django-admin/")}))

urlpatterns = [
    path("", include("planpress.web.documents.urls")),
    path("accounts/", include("planpress.web.accounts.urls")),
    path("audit/", include("planpress.web.audit.urls")),
    path("drafts/", include("planpress.web.drafts.urls")),
    path("read/", include("planpress.web.acknowledge.urls")),
    path("drills/", include("planpress.web.drills.urls")),
    path("signing/", include("planpress.web.signing.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = errors.bad_request
handler403 = errors.forbidden
handler404 = errors.not_found
handler500 = errors.server_error
