from __future__ import annotations

from django.urls import path

from boards import views

app_name = "boards"
urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("<slug:slug>/", views.session_detail, name="session"),
]
