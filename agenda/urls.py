from __future__ import annotations

from django.urls import path

from agenda import views

app_name = "agenda"
urlpatterns = [
    path("agenda/", views.agenda_page, name="agenda"),
    path("agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("agenda.json", views.agenda_json, name="agenda_json"),
    path("agenda/insluiten/", views.agenda_embed, name="embed"),
    path("agenda/nieuw/", views.event_create, name="event_create"),
    path("agenda/beoordelen/", views.event_queue, name="event_queue"),
    path("agenda/mijn/", views.my_events, name="my_events"),
    path("agenda/bijeenkomsten.ics", views.meetings_ics, name="meetings_ics"),
    path("agenda/<int:event_id>/", views.event_detail, name="event"),
    path("agenda/<int:event_id>/bewerken/", views.event_edit, name="event_edit"),
    path("agenda/<int:event_id>/annuleren/", views.event_cancel, name="event_cancel"),
    path("agenda/<int:event_id>/goedkeuren/", views.event_approve, name="event_approve"),
    path("agenda/<int:event_id>/afwijzen/", views.event_refuse, name="event_refuse"),
    path("agenda/<int:event_id>/afbeelding/", views.event_image, name="event_image"),
    path("agenda/<int:event_id>/afbeelding/<int:width>/", views.event_image, name="event_image"),
    path("agenda/<int:event_id>/agenda.ics", views.event_ics, name="event_ics"),
    path("agenda/campagnes/<slug:slug>/", views.campaign_detail, name="campaign"),
    path("agenda/campagnes/<slug:slug>/agenda.ics", views.campaign_ics, name="campaign_ics"),
    path("agenda/campagnes/<slug:slug>/afbeelding/", views.campaign_image, name="campaign_image"),
    path("agenda/campagnes/<slug:slug>/afbeelding/<int:width>/", views.campaign_image, name="campaign_image"),
    path("bijeenkomsten/<slug:slug>/agenda.ics", views.meeting_ics, name="meeting_ics"),
]
