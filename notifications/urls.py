from __future__ import annotations

from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/alles-gelezen/", views.notifications_read_all, name="read_all"),
    path("meldingen/<int:notification_id>/", views.notification_open, name="notification"),
]
