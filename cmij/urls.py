from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from cmij import views
from realtime import views as realtime_views

handler403 = "cmij.views.permission_denied"
handler500 = "cmij.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("taal/", views.set_language, name="set_language"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", realtime_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("boards.urls")),
    path("", include("archive.urls")),
    path("", include("teams.urls")),
    path("", include("callouts.urls")),
    path("", include("notifications.urls")),
    path("", include("agenda.urls")),
    path("makers/", include("profiles.urls")),
    path("beheer/", admin.site.urls),
]
