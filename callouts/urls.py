from __future__ import annotations

from django.urls import path

from callouts import views

app_name = "callouts"
urlpatterns = [
    path("", views.feed, name="feed"),
]
