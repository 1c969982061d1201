from __future__ import annotations

from django.urls import path

from callouts import agenda_views, views

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
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/alles-gelezen/", views.notifications_read_all, name="read_all"),
    path("meldingen/<int:notification_id>/", views.notification_open, name="notification"),
    # --- the UIT-agenda, events, campaigns and calendar feeds: callouts/agenda_views.py ---
    path("agenda/", agenda_views.agenda_page, name="agenda"),
    path("agenda.ics", agenda_views.agenda_ics, name="agenda_ics"),
    path("agenda/nieuw/", agenda_views.event_create, name="event_create"),
    path("agenda/beoordelen/", agenda_views.event_queue, name="event_queue"),
    path("agenda/mijn/", agenda_views.my_events, name="my_events"),
    path("agenda/bijeenkomsten.ics", agenda_views.sessions_ics, name="sessions_ics"),
    path("agenda/<int:event_id>/", agenda_views.event_detail, name="event"),
    path("agenda/<int:event_id>/bewerken/", agenda_views.event_edit, name="event_edit"),
    path("agenda/<int:event_id>/annuleren/", agenda_views.event_cancel, name="event_cancel"),
    path("agenda/<int:event_id>/goedkeuren/", agenda_views.event_approve, name="event_approve"),
    path("agenda/<int:event_id>/afwijzen/", agenda_views.event_refuse, name="event_refuse"),
    path("agenda/<int:event_id>/afbeelding/", agenda_views.event_image, name="event_image"),
    path("agenda/<int:event_id>/agenda.ics", agenda_views.event_ics, name="event_ics"),
    path("agenda/campagnes/<slug:slug>/", agenda_views.campaign_detail, name="campaign"),
    path("agenda/campagnes/<slug:slug>/agenda.ics", agenda_views.campaign_ics, name="campaign_ics"),
    path("bijeenkomsten/<slug:slug>/agenda.ics", agenda_views.session_ics, name="session_ics"),
]
