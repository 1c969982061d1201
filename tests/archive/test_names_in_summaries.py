"""A member's name follows the member into every summary (#28): the draft writes a reference, never a
name, and a reference is read as the member's current public name, or "a participant" once the
member deleted the account or made the profile non-public: on the page, in the feed, the archive
(its excerpts and search), the home page and the board's exports; `Summary.text` and
`Summary.text_html` never held the name."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from archive import services as archive_services
from archive.models import NameReview, Summary
from boards import services as board_services
from boards.identity import Participant
from boards.models import Board
from cmij.text import markdown_html
from notifications.models import Notification
from profiles import services as profile_services
from teams.models import ActionTeam, ReportBack
from tests.helpers import factories
from tests.helpers.clients import client_for
from tests.helpers.factories import idea_on

pytestmark = pytest.mark.django_db

NAME = "Ria Verbeek"


def _public_member(name: str):
    user = factories.MemberFactory(display_name=name)
    profile_services.profile_update(profile=user.profile, public=True)
    return user


def _published_summary(meeting, board, organiser, facilitator, author) -> Summary:
    idea_on(board, Participant(user=author), "Een open atelier in de oude drukkerij")
    for each in meeting.boards.all():
        board_services.board_set_phase(board=each, by=organiser, phase=Board.Phase.CLOSED)
    summary = archive_services.summary_draft(meeting=meeting, by=facilitator)
    return archive_services.summary_publish(summary=summary, by=facilitator)


def _everywhere(summary: Summary, facilitator) -> dict[str, str]:
    """Every place a reader meets the summary, and the stored texts."""
    summary.refresh_from_db()
    visitor = client_for()
    board = summary.meeting.boards.get(kind=Board.Kind.PLENARY)
    facilitator_client = client_for(facilitator)
    return {
        "page": visitor.get(summary.get_absolute_url()).content.decode(),
        "feed": visitor.get(reverse("archive:archive_feed")).content.decode(),
        "archive": visitor.get(reverse("archive:archive")).content.decode(),
        "search": visitor.get(reverse("archive:archive"), {"q": "drukkerij"}).content.decode(),
        "home": visitor.get("/").content.decode(),
        "export.md": facilitator_client.get(reverse("boards:export", args=[board.pk, "md"])).content.decode(),
        "export.csv": facilitator_client.get(
            reverse("boards:export", args=[board.pk, "csv"])
        ).content.decode(),
        "Summary.text": summary.text,
        "Summary.text_html": summary.text_html,
    }


@pytest.fixture
def author():
    return _public_member(NAME)


@pytest.fixture
def summary(meeting, board, organiser, facilitator, author) -> Summary:
    return _published_summary(meeting, board, organiser, facilitator, author)


def test_a_public_members_name_is_read_from_the_reference(summary, facilitator, author):
    places = _everywhere(summary, facilitator)
    assert f"[[lid:{author.pk}]]" in places["Summary.text"] and NAME not in places["Summary.text"]
    assert NAME not in places["Summary.text_html"]
    for place in ("page", "feed", "archive", "search", "home"):
        assert NAME in places[place], place
        assert "[[lid:" not in places[place], place


def test_a_deleted_members_name_is_nowhere(summary, facilitator, author):
    profile_services.member_delete(user=author)
    places = _everywhere(summary, facilitator)
    for place, text in places.items():
        assert NAME not in text, place
    assert "Een open atelier in de oude drukkerij, een deelnemer" in places["page"]
    assert "een deelnemer" in places["feed"] and "een deelnemer" in places["archive"]


def test_a_name_leaves_when_the_member_makes_the_profile_non_public(summary, facilitator, author):
    profile_services.profile_update(profile=author.profile, public=False)
    places = _everywhere(summary, facilitator)
    for place in ("page", "feed", "archive", "search", "home", "Summary.text", "Summary.text_html"):
        assert NAME not in places[place], place
    assert "Een open atelier in de oude drukkerij, een deelnemer" in places["page"]
    # The board's exports are for its facilitators, members who may see a non-public profile: the
    # idea's author stays named there while the account exists.
    assert NAME in places["export.md"]

    profile_services.profile_update(profile=author.profile, public=True)  # and back: named again
    assert NAME in _everywhere(summary, facilitator)["page"]


def test_a_deactivated_members_name_is_nowhere(summary, facilitator, author, organiser):
    profile_services.member_deactivate(user=author, by=organiser)
    places = _everywhere(summary, facilitator)
    for place in ("page", "feed", "archive", "search", "home"):
        assert NAME not in places[place], place


def test_the_archive_reads_every_name_of_a_page_in_one_query(organiser, facilitator):
    def archive_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            page = client_for().get(reverse("archive:archive")).content.decode()
        assert "[[lid:" not in page
        return len(queries)

    def another_summary(n: int) -> None:
        meeting = factories.meeting(by=organiser, title=f"Avond {n}", facilitators=[facilitator])
        board = meeting.boards.get(kind=Board.Kind.PLENARY)
        _published_summary(meeting, board, organiser, facilitator, _public_member(f"Maker Nummer{n}"))

    another_summary(1)
    one = archive_queries()
    for n in range(2, 5):
        another_summary(n)
    assert archive_queries() == one


def test_the_editor_picks_a_member_and_sees_whom_the_text_names(summary, facilitator, author):
    page = client_for(facilitator).get(reverse("archive:summary_edit", args=[summary.meeting.slug]))
    html = page.content.decode()
    assert f'<option value="[[lid:{author.pk}]]">{NAME} [[lid:{author.pk}]]</option>' in html
    assert f"<li>[[lid:{author.pk}]]: {NAME}</li>" in html
    profile_services.profile_update(profile=author.profile, public=False)
    html = client_for(facilitator).get(reverse("archive:summary_edit", args=[summary.meeting.slug])).content
    assert f"<li>[[lid:{author.pk}]]: een deelnemer</li>" in html.decode()
    assert NAME not in html.decode()  # not in the list to pick from either


# --- a name typed by hand stays as written, and becomes a review item --------------------------------


def _save(summary, by, text):
    summary.refresh_from_db()
    return archive_services.summary_save(summary=summary, by=by, text=text, base_version=summary.version)


def test_a_typed_name_stays_as_written_and_becomes_a_review_item(summary, facilitator, author, organiser):
    meeting = summary.meeting
    typed = summary.text + "\n\nMet dank aan ria  verbeek voor de zaal. Ook dank aan Mariaverbeek."
    _save(summary, facilitator, typed)
    team = ActionTeam.objects.create(name="Team Zaal", goal="Een zaal", meeting=meeting)
    ReportBack.objects.create(team=team, meeting=meeting, text="Ria Verbeek regelde de sleutel.")
    elsewhere = factories.meeting(by=organiser, title="Een andere avond", facilitators=[facilitator])
    Summary.objects.create(meeting=elsewhere, text="Mariaverbeek en Ria Verbeekstraat: geen naam")
    before = Summary.objects.get(pk=summary.pk)

    profile_services.member_delete(user=author)

    after = Summary.objects.get(pk=summary.pk)
    assert (after.text, after.text_html) == (before.text, before.text_html)  # as written
    reviews = NameReview.objects.order_by("team_name")
    assert [(r.meeting, r.name, r.team_name) for r in reviews] == [
        (meeting, NAME, ""),
        (meeting, NAME, "Team Zaal"),
    ]
    [note] = Notification.objects.filter(kind=Notification.Kind.NAME_REVIEW)  # once per name
    assert note.recipient == facilitator and note.url == reverse("archive:summary_edit", args=[meeting.slug])
    assert NAME not in note.subject + note.detail
    edit_page = client_for(facilitator).get(note.url).content.decode()
    assert "Names to review" in client_for(facilitator, language="en").get(note.url).content.decode()
    assert NAME in edit_page and "Team Zaal" in edit_page


def test_a_review_is_done_by_a_facilitator_or_by_saving_without_the_name(summary, facilitator, author):
    _save(summary, facilitator, summary.text + "\n\nDank aan Ria Verbeek.")
    profile_services.member_delete(user=author)
    review = NameReview.objects.get()
    done = reverse("archive:name_review_done", args=[summary.meeting.slug, review.pk])
    assert client_for(factories.MemberFactory()).post(done).status_code == 403
    assert NameReview.objects.exists()

    _save(summary, facilitator, summary.text.replace("Ria Verbeek", "een deelnemer") + "\n")
    assert not NameReview.objects.exists()  # the saved text no longer holds the name

    _save(summary, facilitator, summary.text + "\n\nNog eens: Ria Verbeek.")
    meeting = summary.meeting
    archive_services.name_review_add(meeting=meeting, name=NAME, leaving=facilitator)
    review = NameReview.objects.get()
    response = client_for(facilitator).post(
        reverse("archive:name_review_done", args=[meeting.slug, review.pk])
    )
    assert response.status_code == 302 and not NameReview.objects.exists()
    assert "Nog eens: Ria Verbeek." in Summary.objects.get(pk=summary.pk).text  # kept as written


def test_a_report_backs_reference_follows_the_member(summary, facilitator, author):
    team = ActionTeam.objects.create(name="Team Zaal", goal="Een zaal", meeting=summary.meeting)
    text = f"De sleutel kwam van [[lid:{author.pk}]]."
    ReportBack.objects.create(team=team, meeting=summary.meeting, text=text, text_html=markdown_html(text))
    assert f"De sleutel kwam van {NAME}." in client_for().get(summary.get_absolute_url()).content.decode()
    profile_services.member_delete(user=author)
    page = client_for().get(summary.get_absolute_url()).content.decode()
    assert "De sleutel kwam van een deelnemer." in page and NAME not in page
    assert not NameReview.objects.exists()  # a reference is no typed name


def test_the_privacy_page_says_what_happens_to_names_in_summaries(client):
    page = client_for(language="en").get(reverse("privacy")).content.decode()
    assert "Summaries and report-backs never store a member&#x27;s name" in page or (
        "Summaries and report-backs never store a member's name" in page
    )
    assert "“a participant” once it is not" in page
    assert "typed by hand is their own text, and no machine changes it" in page


def test_the_projector_shows_a_report_backs_reference_as_the_name(summary, author, board):
    team = ActionTeam.objects.create(name="Team Zaal", goal="Een zaal", meeting=summary.meeting)
    text = f"Met dank aan [[lid:{author.pk}]]."
    report = ReportBack.objects.create(
        team=team, meeting=summary.meeting, text=text, text_html=markdown_html(text)
    )
    context = {"board": board, "part": {"report_back": report, "tasks": []}}
    assert f"Met dank aan {NAME}." in render_to_string("teams/report_back_stage.html", context)
    profile_services.profile_update(profile=author.profile, public=False)
    with translation.override("en"):
        stage = render_to_string("teams/report_back_stage.html", context)
    assert "Met dank aan a participant." in stage and NAME not in stage
