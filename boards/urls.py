from __future__ import annotations

from django.urls import path

from boards import feeds, programme_views, summary_views, team_views, views

app_name = "boards"
urlpatterns = [
    path("bijeenkomsten/", views.session_list, name="sessions"),
    path("bijeenkomsten/nieuw/", views.session_create, name="session_create"),
    path("bijeenkomsten/<slug:slug>/", views.session_detail, name="session"),
    path("bijeenkomsten/<slug:slug>/bewerken/", views.session_edit, name="session_edit"),
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
    path("borden/<int:board_id>/projectorlink/", views.projector_link_rotate, name="projector_link_rotate"),
    path("borden/<int:board_id>/gasten/verwijderen/", views.guest_kick, name="guest_kick"),
    path("borden/<int:board_id>/export.<str:fmt>", views.board_export, name="export"),
    path("ideeen/<int:idea_id>/bewerken/", views.idea_edit, name="idea_edit"),
    path("ideeen/<int:idea_id>/verwijderen/", views.idea_delete, name="idea_delete"),
    path("ideeen/<int:idea_id>/stem/", views.idea_vote, name="idea_vote"),
    path("ideeen/<int:idea_id>/stem-terug/", views.idea_unvote, name="idea_unvote"),
    path("ideeen/<int:idea_id>/corrigeren/", views.idea_correct, name="idea_correct"),
    path("ideeen/<int:idea_id>/samenvoegen/", views.idea_merge, name="idea_merge"),
    path("ideeen/<int:idea_id>/verplaatsen/", views.idea_move, name="idea_move"),
    path("ideeen/<int:idea_id>/<str:action>/", views.idea_moderate, name="idea_moderate"),
    # --- summaries (verslagen), the archive and topics: boards/summary_views.py ---
    path("verslagen/<slug:slug>/", summary_views.summary_detail, name="summary"),
    path("verslagen/<slug:slug>/bewerken/", summary_views.summary_edit, name="summary_edit"),
    path("verslagen/<slug:slug>/publiceren/", summary_views.summary_publish, name="summary_publish"),
    path("verslagen/<slug:slug>/depubliceren/", summary_views.summary_unpublish, name="summary_unpublish"),
    path("bijeenkomsten/<slug:slug>/verslag/", summary_views.summary_draft, name="summary_draft"),
    path("archief/", summary_views.archive, name="archive"),
    path("archief/feed/", feeds.SummaryFeed(), name="archive_feed"),
    path("onderwerpen/", summary_views.topic_list, name="topics"),
    path("onderwerpen/<slug:slug>/", summary_views.topic_detail, name="topic"),
    path("onderwerpen/<slug:slug>/voorstellen/", summary_views.topic_propose, name="topic_propose"),
    path("voorstellen/<int:proposal_id>/steunen/", summary_views.proposal_support, name="proposal_support"),
    path(
        "voorstellen/<int:proposal_id>/programma/", summary_views.proposal_schedule, name="proposal_schedule"
    ),
    # --- action teams and report-backs: boards/team_views.py ---
    path("actieteams/", team_views.team_list, name="teams"),
    path("actieteams/verzoeken/", team_views.team_requests, name="team_requests"),
    path(
        "actieteams/verzoeken/<int:request_id>/", team_views.team_request_decide, name="team_request_decide"
    ),
    # Not ideeen/<id>/actieteam/: ideeen/<id>/<str:action>/ above (idea_moderate) would take it.
    path("ideeen/<int:idea_id>/actieteam/starten/", team_views.team_from_idea, name="team_from_idea"),
    path("actieteams/<int:team_id>/", team_views.team_detail, name="team"),
    path("actieteams/<int:team_id>/live/", team_views.team_live, name="team_live"),
    path("actieteams/<int:team_id>/bewerken/", team_views.team_edit, name="team_edit"),
    path("actieteams/<int:team_id>/meedoen/", team_views.team_join, name="team_join"),
    path("actieteams/<int:team_id>/verlaten/", team_views.team_leave, name="team_leave"),
    path("actieteams/<int:team_id>/taken/", team_views.task_create, name="task_create"),
    path("actieteams/taken/<int:task_id>/status/", team_views.task_status, name="task_status"),
    path("actieteams/taken/<int:task_id>/toewijzen/", team_views.task_assign, name="task_assign"),
    path("actieteams/<int:team_id>/berichten/", team_views.update_post, name="team_update_post"),
    path("actieteams/<int:team_id>/terugkoppeling/", team_views.report_back_edit, name="report_back_edit"),
    path("terugkoppelingen/<int:report_id>/", team_views.report_back_detail, name="report_back"),
    # --- the programme and registrations: boards/programme_views.py ---
    path("bijeenkomsten/<slug:slug>/aanmelden/", programme_views.registration_set, name="registration_set"),
    path("bijeenkomsten/<slug:slug>/aanmeldingen/", programme_views.registration_list, name="registrations"),
    path(
        "bijeenkomsten/<slug:slug>/aanmeldingen.csv",
        programme_views.registration_export,
        name="registrations_csv",
    ),
    path("borden/<int:board_id>/terugkoppeling/", programme_views.report_back_show, name="report_back_show"),
]
