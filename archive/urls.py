from __future__ import annotations

from django.urls import path

from archive import feeds, views

app_name = "archive"
urlpatterns = [
    path("verslagen/<slug:slug>/", views.summary_detail, name="summary"),
    path("verslagen/<slug:slug>/bewerken/", views.summary_edit, name="summary_edit"),
    path("verslagen/<slug:slug>/publiceren/", views.summary_publish, name="summary_publish"),
    path("verslagen/<slug:slug>/depubliceren/", views.summary_unpublish, name="summary_unpublish"),
    path(
        "verslagen/<slug:slug>/namen/<int:review_id>/klaar/", views.name_review_done, name="name_review_done"
    ),
    path("bijeenkomsten/<slug:slug>/verslag/", views.summary_draft, name="summary_draft"),
    path("bijeenkomsten/<slug:slug>/afsluiten/", views.meeting_close_and_draft, name="meeting_close"),
    path("archief/", views.archive, name="archive"),
    path("archief/feed/", feeds.SummaryFeed(), name="archive_feed"),
    path("onderwerpen/", views.topic_list, name="topics"),
    path("onderwerpen/<slug:slug>/", views.topic_detail, name="topic"),
    path("onderwerpen/<slug:slug>/voorstellen/", views.topic_propose, name="topic_propose"),
    path("voorstellen/<int:proposal_id>/steunen/", views.proposal_support, name="proposal_support"),
    path("voorstellen/<int:proposal_id>/programma/", views.proposal_schedule, name="proposal_schedule"),
]
