"""What the demo leaves behind, read as the issue's newcomer would: the summaries drafted from the
closed demo boards, the public pages as an anonymous visitor, and the lineage idea -> action team ->
report-back -> summary in both directions."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from agenda.models import Campaign, Event
from archive.models import Summary, Topic
from boards.models import Guest, Idea, Meeting
from callouts.models import Callout
from cmij.demo import DEMO_SESSION_TITLE
from cmij.demo_history import PAST_SESSIONS
from profiles.models import Profile
from profiles.references import Names
from teams.models import ActionTeam, TeamTask, TeamUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)


def listed_ideas(text: str) -> list[str]:
    """The ideas of a draft's Markdown, in order: "- <text> (<n> stemmen)..."."""
    return [
        re.sub(r" \(\d+ stem(men)?\).*$", "", line[2:]) for line in text.splitlines() if line.startswith("- ")
    ]


def test_a_summary_drafted_from_the_closed_demo_boards(demo):
    spec = PAST_SESSIONS[0]
    summary = Summary.objects.get(meeting__title=spec["title"])
    ideas = Idea.objects.filter(board__meeting=summary.meeting)
    shown = ideas.filter(status=Idea.Status.VISIBLE, merged_into__isnull=True)
    for board in summary.meeting.boards.all():
        expected = [idea.text for idea in shown.filter(board=board).order_by("-vote_count", "created_at")]
        section = summary.text.split(f"### {board.title}", 1)[1].split("\n### ", 1)[0]
        assert listed_ideas(section) == expected, "the top ideas, in vote order"
    merged = ideas.get(merged_into__isnull=False)
    assert merged.text not in summary.text, "a merged idea appears once, as the idea it went into"
    assert "1 vergelijkbaar idee" in summary.text or "samengevoegd" in summary.text
    hidden = ideas.get(status=Idea.Status.HIDDEN)
    assert hidden.text not in summary.text
    private = Profile.objects.filter(public=False).values_list("display_name", flat=True)
    guests = list(Guest.objects.filter(meeting__summary__isnull=False).values_list("display_name", flat=True))
    assert len(guests) >= 2
    for summary in Summary.objects.all():  # a guest's idea that made it is on the last one
        with translation.override("nl"):  # members by reference, read as the summary's page reads them
            read = Names.of(summary.text).text(summary.text)
        assert not [name for name in [*guests, *private] if name in read]
        assert "een deelnemer" in read


def public_pages() -> list[str]:
    pages = [reverse("archive:archive"), reverse("archive:archive_feed"), reverse("archive:topics")]
    pages += [summary.get_absolute_url() for summary in Summary.objects.all()]
    pages += [topic.get_absolute_url() for topic in Topic.objects.all()]
    pages += [reverse("agenda:agenda"), reverse("agenda:agenda_ics")]
    pages += [event.get_absolute_url() for event in Event.objects.all()]
    pages += [campaign.get_absolute_url() for campaign in Campaign.objects.all()]
    pages += [team.get_absolute_url() for team in ActionTeam.objects.all()]
    return pages


def test_public_pages_show_no_guest_no_private_member_and_nothing_for_members_only(demo):
    anonymous = Client()
    private = set(Profile.objects.filter(public=False).values_list("display_name", flat=True))
    guests = set(Guest.objects.values_list("display_name", flat=True))
    members_only = {
        *Callout.objects.values_list("title", flat=True),
        *TeamTask.objects.values_list("title", flat=True),
        *TeamUpdate.objects.values_list("text", flat=True),
    }
    assert private and guests and members_only
    for path in public_pages():
        response = anonymous.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        for secret in (*private, *guests, *members_only):
            assert secret not in page, f"{secret!r} on {path}"
    member = Client()
    member.force_login(Profile.objects.filter(public=False).first().user)
    team = ActionTeam.objects.get(name="UIT-agenda IJmond")
    assert (
        TeamTask.objects.filter(team=team).first().title
        in member.get(team.get_absolute_url()).content.decode()
    )


def test_the_lineage_from_idea_to_summary_and_back(demo):
    member = Client()
    member.force_login(Profile.objects.filter(public=False).first().user)
    team = ActionTeam.objects.get(name="UIT-agenda IJmond")
    idea = team.ideas.get()
    # idea -> team: the card on its (closed) board links the team
    board_page = member.get(reverse("boards:board", args=[idea.board_id])).content.decode()
    assert team.get_absolute_url() in board_page
    # team -> idea, and team -> its report-back on the coming meeting's programme
    team_page = member.get(team.get_absolute_url()).content.decode()
    assert f"#idea-{idea.pk}" in team_page
    report = team.report_backs.get()
    coming = Meeting.objects.get(title=DEMO_SESSION_TITLE)
    assert report.meeting == coming
    assert reverse("teams:report_back", args=[report.pk]) in team_page
    programme = Client().get(coming.get_absolute_url()).content.decode()
    assert team.name in programme and team.get_absolute_url() in programme
    # the summary of the meeting the team was born at names it, linked
    born = Client().get(idea.board.meeting.summary.get_absolute_url()).content.decode()
    assert team.get_absolute_url() in born
