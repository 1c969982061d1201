from __future__ import annotations

from django.urls import path

from teams import views

app_name = "teams"
urlpatterns = [
    path("actieteams/", views.team_list, name="teams"),
    path("actieteams/verzoeken/", views.team_requests, name="team_requests"),
    path("actieteams/verzoeken/<int:request_id>/", views.team_request_decide, name="team_request_decide"),
    path("ideeen/<int:idea_id>/actieteam/starten/", views.team_from_idea, name="team_from_idea"),
    path("actieteams/<int:team_id>/", views.team_detail, name="team"),
    path("actieteams/<int:team_id>/live/", views.team_live, name="team_live"),
    path("actieteams/<int:team_id>/bewerken/", views.team_edit, name="team_edit"),
    path("actieteams/<int:team_id>/meedoen/", views.team_join, name="team_join"),
    path("actieteams/<int:team_id>/verlaten/", views.team_leave, name="team_leave"),
    path("actieteams/<int:team_id>/taken/", views.task_create, name="task_create"),
    path("actieteams/taken/<int:task_id>/status/", views.task_status, name="task_status"),
    path("actieteams/taken/<int:task_id>/toewijzen/", views.task_assign, name="task_assign"),
    path("actieteams/<int:team_id>/berichten/", views.update_post, name="team_update_post"),
    path("actieteams/<int:team_id>/terugkoppeling/", views.report_back_edit, name="report_back_edit"),
    path("terugkoppelingen/<int:report_id>/", views.report_back_detail, name="report_back"),
    path("borden/<int:board_id>/terugkoppeling/", views.report_back_show, name="report_back_show"),
]
