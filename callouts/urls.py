from __future__ import annotations

from django.urls import path

from callouts import views

app_name = "callouts"
urlpatterns = [
    path("oproepen/", views.feed, name="feed"),
    path("oproepen/nieuw/", views.callout_create, name="create"),
    path("oproepen/meldingen/", views.reports, name="reports"),
    path("oproepen/volgen/", views.follows, name="follows"),
    path("oproepen/volgen/profiel/", views.profile_follow_change, name="profile_follow_change"),
    path("oproepen/volgen/<int:follow_id>/", views.follow_change, name="follow_change"),
    path("oproepen/<int:callout_id>/", views.callout_detail, name="callout"),
    path("oproepen/<int:callout_id>/bewerken/", views.callout_edit, name="edit"),
    path("oproepen/<int:callout_id>/gevonden/", views.callout_close, name="close"),
    path("oproepen/<int:callout_id>/heropenen/", views.callout_reopen, name="reopen"),
    path("oproepen/<int:callout_id>/verlengen/", views.callout_renew, name="renew"),
    path("oproepen/<int:callout_id>/verwijderen/", views.callout_delete, name="delete"),
    path("oproepen/<int:callout_id>/reageren/", views.callout_respond, name="respond"),
    path("oproepen/<int:callout_id>/dempen/", views.callout_mute, name="mute"),
    path("oproepen/<int:callout_id>/melden/", views.callout_report, name="report"),
    path("oproepen/<int:callout_id>/verbergen/", views.callout_hide, name="hide"),
    path("oproepen/<int:callout_id>/tonen/", views.callout_unhide, name="unhide"),
    path("oproepen/<int:callout_id>/goedkeuren/", views.callout_approve, name="approve"),
]
