from __future__ import annotations

from django.urls import path

from boards import views

app_name = "boards"
urlpatterns = [
    path("bijeenkomsten/", views.meeting_list, name="meetings"),
    path("bijeenkomsten/nieuw/", views.meeting_create, name="meeting_create"),
    path("bijeenkomsten/<slug:slug>/", views.meeting_detail, name="meeting"),
    path("bijeenkomsten/<slug:slug>/bewerken/", views.meeting_edit, name="meeting_edit"),
    path("bijeenkomsten/<slug:slug>/afbeelding/", views.meeting_image, name="meeting_image"),
    path("bijeenkomsten/<slug:slug>/afbeelding/<int:width>/", views.meeting_image, name="meeting_image"),
    path("bijeenkomsten/<slug:slug>/deelsessie/", views.breakout_create, name="breakout_create"),
    path("meedoen/", views.join, name="join"),
    path("borden/<int:board_id>/", views.board_detail, name="board"),
    path("borden/<int:board_id>/projector/", views.board_projector, name="projector"),
    path("borden/<int:board_id>/bewerken/", views.board_edit, name="board_edit"),
    path("borden/<int:board_id>/ideeen/", views.idea_create, name="idea_create"),
    path("borden/<int:board_id>/fase/", views.board_phase, name="board_phase"),
    path("borden/<int:board_id>/slot/", views.board_lock, name="board_lock"),
    path("borden/<int:board_id>/instellingen/", views.board_settings, name="board_settings"),
    path("borden/<int:board_id>/timer/", views.timer_start, name="timer_start"),
    path("borden/<int:board_id>/timer/stop/", views.timer_stop, name="timer_stop"),
    path("borden/<int:board_id>/kolommen/", views.prompt_create, name="prompt_create"),
    path("borden/<int:board_id>/code/", views.join_code_rotate, name="join_code_rotate"),
    path("kolommen/<int:prompt_id>/", views.prompt_rename, name="prompt_rename"),
    path("borden/<int:board_id>/meedoen/", views.joining_set, name="joining_set"),
    path("borden/<int:board_id>/meedoen-paneel/", views.join_panel_set, name="join_panel_set"),
    path("borden/<int:board_id>/projectorlink/", views.projector_link_rotate, name="projector_link_rotate"),
    path("borden/<int:board_id>/gasten/verwijderen/", views.guest_kick, name="guest_kick"),
    path("borden/<int:board_id>/gasten/", views.guest_list, name="guest_list"),
    path("borden/<int:board_id>/export.<str:fmt>", views.board_export, name="export"),
    path("ideeen/<int:idea_id>/bewerken/", views.idea_edit, name="idea_edit"),
    path("ideeen/<int:idea_id>/verwijderen/", views.idea_delete, name="idea_delete"),
    path("ideeen/<int:idea_id>/stem/", views.idea_vote, name="idea_vote"),
    path("ideeen/<int:idea_id>/stem-terug/", views.idea_unvote, name="idea_unvote"),
    path("ideeen/<int:idea_id>/meer/", views.idea_more, name="idea_more"),
    path("ideeen/<int:idea_id>/corrigeren/", views.idea_correct, name="idea_correct"),
    path("ideeen/<int:idea_id>/samenvoegen/", views.idea_merge, name="idea_merge"),
    path("ideeen/<int:idea_id>/verplaatsen/", views.idea_move, name="idea_move"),
    # Moderation: one route per action (services.MODERATION), the action's name in the path.
    path("ideeen/<int:idea_id>/approve/", views.idea_moderate, {"action": "approve"}, name="idea_approve"),
    path("ideeen/<int:idea_id>/reject/", views.idea_moderate, {"action": "reject"}, name="idea_reject"),
    path("ideeen/<int:idea_id>/hide/", views.idea_moderate, {"action": "hide"}, name="idea_hide"),
    path("ideeen/<int:idea_id>/unhide/", views.idea_moderate, {"action": "unhide"}, name="idea_unhide"),
    path("ideeen/<int:idea_id>/pin/", views.idea_moderate, {"action": "pin"}, name="idea_pin"),
    path("ideeen/<int:idea_id>/unpin/", views.idea_moderate, {"action": "unpin"}, name="idea_unpin"),
    # --- the programme and registrations ---
    path("bijeenkomsten/<slug:slug>/aanmelden/", views.registration_set, name="registration_set"),
    path("bijeenkomsten/<slug:slug>/aanmeldingen/", views.registration_list, name="registrations"),
    path("bijeenkomsten/<slug:slug>/aanmeldingen.csv", views.registration_export, name="registrations_csv"),
]
