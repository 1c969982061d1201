from __future__ import annotations

from django.urls import path

from profiles import views

app_name = "profiles"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("profiel/", views.profile_edit, name="edit"),
    path("berichten/", views.message_list, name="messages"),
    path("mijn-gegevens/", views.data_download, name="data"),
    path("account-verwijderen/", views.account_delete, name="delete"),
    path("<int:profile_id>/", views.profile_page, name="profile"),
    path("<int:profile_id>/foto/", views.profile_photo, name="photo"),
    path("<int:profile_id>/foto/<int:width>/", views.profile_photo, name="photo"),
    path("<int:profile_id>/bericht/", views.message_send, name="message"),
]
