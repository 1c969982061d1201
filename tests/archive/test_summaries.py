"""Summaries (verslagen): the draft from closed boards, editing with a version check, publishing,
who may do what (a matrix), the public archive with search and filters, and the Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from archive import drafts as archive_drafts
from archive import selectors as archive_selectors
from archive import services as archive_services
from archive.models import SUMMARY_MAX, Summary, Topic
from boards import services
from boards.identity import Participant
from boards.models import Board, Idea
from profiles import services as profile_services
from profiles.models import Municipality
from teams.models import ActionTeam, ReportBack
from tests.helpers import factories
from tests.helpers.clients import HTMX, client_for
from tests.helpers.factories import idea_on
from tests.helpers.services import require_postgres

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


# --- helpers --------------------------------------------------------------------------------------


def close_all(meeting, by):
    for board in meeting.boards.all():
        services.board_set_phase(board=board, by=by, phase=Board.Phase.CLOSED)


def idea(board, participant, text, *, votes=0, prompt=None, status=None):
    made = idea_on(board, participant, text, prompt=prompt)
    fields = {"vote_count": votes}
    if status:
        fields["status"] = status
    Idea.objects.filter(pk=made.pk).update(**fields)
    made.refresh_from_db()
    return made


def public_member(name):
    user = factories.MemberFactory(display_name=name)
    profile_services.profile_update(profile=user.profile, public=True)
    return user


def published(meeting, text="Een verslag.", *, by, topics=(), published_at=None) -> Summary:
    from cmij.text import markdown_html

    summary = Summary.objects.create(meeting=meeting, text=text, text_html=markdown_html(text), updated_by=by)
    summary.topics.set(topics)
    summary.published_at = published_at or timezone.now()
    summary.save()
    return summary


@pytest.fixture
def other_facilitator(organiser):
    """A facilitator of another meeting."""
    user = factories.MemberFactory(display_name="Olga Anders")
    factories.meeting(by=organiser, title="Een andere avond", facilitators=[user])
    return user


@pytest.fixture
def draft(meeting, board, organiser, facilitator):
    idea(board, Participant(user=facilitator), "Een gedeelde werkplaats in de haven", votes=3)
    close_all(meeting, organiser)
    return archive_services.summary_draft(meeting=meeting, by=facilitator)


# --- the draft ------------------------------------------------------------------------------------


def test_no_draft_while_a_board_is_open(meeting, board, breakout, organiser, facilitator):
    services.board_set_phase(board=board, by=organiser, phase=Board.Phase.CLOSED)
    with translation.override("en"), pytest.raises(ValidationError, match="Close every board"):
        archive_services.summary_draft(meeting=meeting, by=facilitator)
    assert not Summary.objects.exists()


def test_the_draft_lists_boards_prompts_and_ideas_as_participants_saw_them(
    meeting, board, breakout, organiser, facilitator, guest
):
    named = public_member("Pia Publiek")
    hidden_name = factories.MemberFactory(display_name="Henk Verborgen")
    second_prompt = board.prompts.all()[1]
    idea(board, Participant(user=named), "Minder populair idee", votes=1)
    top = idea(board, Participant(user=hidden_name), "Het populairste idee", votes=7)
    dup = idea(board, Participant(guest=guest), "Dubbel idee van een gast", votes=2)
    services.ideas_merge(target=top, others=[dup], by=organiser)
    idea(board, Participant(user=named), "Een verborgen idee", status=Idea.Status.HIDDEN)
    idea(board, Participant(user=named), "Een afgewezen idee", status=Idea.Status.REJECTED)
    idea(board, Participant(user=named), "Een wachtend idee", status=Idea.Status.PENDING)
    idea(board, Participant(guest=guest), "Een vraag van een gast", prompt=second_prompt)
    idea(breakout, Participant(user=named), "Idee uit de deelsessie", votes=4)
    close_all(meeting, organiser)

    with translation.override("en"):
        text = archive_services.summary_draft(meeting=meeting, by=facilitator).text

    assert text.index(f"### {board.title}") < text.index(f"### {breakout.title}")  # plenary first
    assert text.index("Het populairste idee") < text.index("Minder populair idee")  # by votes
    assert f"#### {second_prompt.title}" in text
    # A member's idea carries a reference to the member, never a name; a guest's says "a participant".
    assert f"Het populairste idee (7 votes) (1 similar idea merged into it), [[lid:{hidden_name.pk}]]" in text
    assert "Dubbel idee van een gast" not in text  # merged: shown as one
    assert f"Minder populair idee (1 vote), [[lid:{named.pk}]]" in text
    for never in ("verborgen idee", "afgewezen idee", "wachtend idee", "Henk Verborgen", "Gast Anna", "Pia"):
        assert never not in text
    assert "Een vraag van een gast, a participant" in text
    assert f"Idee uit de deelsessie (4 votes), [[lid:{named.pk}]]" in text
    summary = Summary.objects.get()
    assert "<h3>" in summary.text_html and "Het populairste idee" in summary.text_html
    # Read, a public member is named, a member whose profile is not public is "a participant".
    page = client_for(facilitator, language="en").get(summary.get_absolute_url()).content.decode()
    assert "Minder populair idee (1 vote), Pia Publiek" in page
    assert "Het populairste idee (7 votes) (1 similar idea merged into it), a participant" in page
    assert "Henk Verborgen" not in page and "[[lid:" not in page


def test_anonymous_boards_stay_anonymous_in_the_draft(meeting, board, organiser, facilitator):
    services.board_update_settings(board=board, by=organiser, anonymous=True)
    idea(board, Participant(user=public_member("Pia Publiek")), "Anoniem idee", votes=1)
    close_all(meeting, organiser)
    with translation.override("en"):
        text = archive_services.summary_draft(meeting=meeting, by=facilitator).text
    assert "Anoniem idee (1 vote)\n" in text
    assert "Pia Publiek" not in text and "a participant" not in text


def test_the_draft_names_the_teams_started_and_the_report_backs(meeting, board, organiser, facilitator):
    earlier = factories.meeting(by=organiser, title="Vorige keer")
    started = ActionTeam.objects.create(
        name="Team Havenatelier", goal="Een atelier in de haven", meeting=meeting
    )
    older = ActionTeam.objects.create(name="Team Podium", goal="Een podium", meeting=earlier)
    ReportBack.objects.create(team=older, meeting=meeting, text="We vonden een **zaal**.")
    close_all(meeting, organiser)
    text = archive_services.summary_draft(meeting=meeting, by=facilitator).text
    assert "Team Havenatelier" in text and "Een atelier in de haven" in text
    assert "#### Team Podium" in text and "We vonden een **zaal**." in text
    assert f"[Team Havenatelier]({started.get_absolute_url()})" in text  # a link to the team's page


def test_a_second_draft_returns_the_summary_unchanged(draft, meeting, facilitator):
    archive_services.summary_save(summary=draft, by=facilitator, text="Bewerkt", base_version=1)
    again = archive_services.summary_draft(meeting=meeting, by=facilitator)
    assert again.pk == draft.pk and again.text == "Bewerkt" and again.version == 2


def test_drafting_costs_the_same_queries_however_many_ideas(meeting, board, breakout, organiser, guest):
    named = public_member("Pia Publiek")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            archive_drafts.draft_text(meeting)
        return len(queries)

    idea(board, Participant(user=named), "Eerste")
    idea(breakout, Participant(guest=guest), "Tweede")
    few = count()
    for n in range(10):
        idea(board, Participant(user=factories.MemberFactory()), f"Idee {n}")
        idea(breakout, Participant(guest=guest), f"Gastidee {n}")
    assert count() == few


# --- editing --------------------------------------------------------------------------------------


def test_a_save_bumps_the_version_renders_markdown_and_sets_topics(draft, facilitator):
    existing = Topic.objects.create(name="Zichtbaarheid", slug="zichtbaarheid")
    saved = archive_services.summary_save(
        summary=draft,
        by=facilitator,
        text="### Kop\n\nEen **vet** verslag <script>alert(1)</script>",
        topics=[existing],
        new_topics=["Oefenruimte", "zichtbaarheid", "Oefenruimte"],
        base_version=1,
    )
    assert saved.version == 2 and saved.updated_by == facilitator
    assert "<strong>vet</strong>" in saved.text_html and "<script" not in saved.text_html
    assert sorted(t.name for t in saved.topics.all()) == ["Oefenruimte", "Zichtbaarheid"]
    assert Topic.objects.get(name="Oefenruimte").slug == "oefenruimte"
    assert Topic.objects.count() == 2


def test_a_save_over_a_newer_version_is_refused_with_the_other_text(draft, facilitator, organiser):
    archive_services.summary_save(
        summary=draft, by=organiser, text="Tekst van de organisator", base_version=1
    )
    with pytest.raises(archive_services.SummaryConflict) as conflict:
        archive_services.summary_save(
            summary=draft, by=facilitator, text="Mijn tekst", new_topics=["Nieuw"], base_version=1
        )
    assert conflict.value.text == "Tekst van de organisator"
    assert conflict.value.version == 2 and conflict.value.updated_by == organiser
    draft.refresh_from_db()
    assert draft.text == "Tekst van de organisator" and draft.version == 2
    assert not Topic.objects.filter(name="Nieuw").exists()

    # Having seen version 2 (the conflict shows it), the facilitator's save names it and replaces it.
    saved = archive_services.summary_save(summary=draft, by=facilitator, text="Mijn tekst", base_version=2)
    assert saved.text == "Mijn tekst" and saved.version == 3


@pytest.mark.parametrize(
    ("text", "new_topics", "message"),
    [
        ("x" * (SUMMARY_MAX + 1), [], "at most"),
        ("Goed", ["Mooi", "<b>vet</b>"], "no < or >"),
        ("Goed", ["a" * 81], "at most 80"),
        ("Goed", ["!!!"], "letters or digits"),
    ],
)
def test_bad_input_stores_nothing(draft, facilitator, text, new_topics, message):
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        archive_services.summary_save(
            summary=draft, by=facilitator, text=text, new_topics=new_topics, base_version=1
        )
    draft.refresh_from_db()
    assert draft.version == 1 and draft.text != text
    assert not Topic.objects.exists()


def test_publish_and_unpublish(draft, facilitator):
    assert archive_services.summary_publish(summary=draft, by=facilitator).published_at is not None
    assert archive_services.summary_unpublish(summary=draft, by=facilitator).published_at is None


def test_an_empty_summary_is_not_published(draft, facilitator):
    archive_services.summary_save(summary=draft, by=facilitator, text="  ", base_version=1)
    with pytest.raises(ValidationError):
        archive_services.summary_publish(summary=draft, by=facilitator)
    draft.refresh_from_db()
    assert draft.published_at is None


# --- who may: the matrix --------------------------------------------------------------------------

ROLES = ["anonymous", "member", "facilitator", "breakout_facilitator", "other_facilitator", "organiser"]
MAY_EDIT = {"facilitator", "breakout_facilitator", "organiser"}


@pytest.fixture
def people(request, meeting, organiser, facilitator, member, other_facilitator):
    breakout_facilitator = factories.MemberFactory(display_name="Bram Breakout")
    services.board_create(
        meeting=meeting, by=organiser, title="Deelsessie", facilitators=[breakout_facilitator]
    )
    return {
        "anonymous": AnonymousUser(),
        "member": member,
        "facilitator": facilitator,
        "breakout_facilitator": breakout_facilitator,
        "other_facilitator": other_facilitator,
        "organiser": organiser,
    }


@pytest.mark.parametrize("role", ROLES)
def test_matrix_services(role, people, meeting, organiser):
    close_all(meeting, organiser)
    user = people[role]
    if role not in MAY_EDIT:
        with pytest.raises(PermissionDenied):
            archive_services.summary_draft(meeting=meeting, by=user)
        summary = archive_services.summary_draft(meeting=meeting, by=organiser)
        with pytest.raises(PermissionDenied):
            archive_services.summary_save(summary=summary, by=user, text="Nee", base_version=1)
        with pytest.raises(PermissionDenied):
            archive_services.summary_publish(summary=summary, by=user)
        summary.refresh_from_db()
        assert summary.version == 1 and summary.published_at is None
    else:
        summary = archive_services.summary_draft(meeting=meeting, by=user)
        summary = archive_services.summary_save(
            summary=summary, by=user, text="Ja", new_topics=["Erfgoed"], base_version=1
        )
        assert archive_services.summary_publish(summary=summary, by=user).is_published


@pytest.mark.parametrize("role", ROLES)
def test_matrix_over_http(role, people, meeting, organiser):
    close_all(meeting, organiser)
    user = people[role]
    client = client_for(None if role == "anonymous" else user)
    may = role in MAY_EDIT

    response = client.post(reverse("archive:summary_draft", args=[meeting.slug]))
    assert response.status_code == (302 if may or role == "anonymous" else 403)
    summary = archive_services.summary_draft(meeting=meeting, by=organiser)
    page = reverse("archive:summary", args=[meeting.slug])
    assert client.get(page).status_code == (200 if may else 404)  # a draft is not there for others
    edit = client.get(reverse("archive:summary_edit", args=[meeting.slug]))
    assert edit.status_code == (200 if may else 302 if role == "anonymous" else 403)
    publish = client.post(reverse("archive:summary_publish", args=[meeting.slug]))
    assert publish.status_code == (302 if may or role == "anonymous" else 403)
    summary.refresh_from_db()
    assert summary.is_published == may
    archive_services.summary_publish(summary=summary, by=organiser)
    assert client.get(page).status_code == 200  # published: everyone


# --- views ----------------------------------------------------------------------------------------


def test_the_draft_button_redirects_to_the_editor_or_says_why_not(meeting, board, facilitator, organiser):
    client = client_for(facilitator)
    response = client.post(reverse("archive:summary_draft", args=[meeting.slug]), follow=True)
    assert "Sluit eerst" in response.content.decode() or "Close every board" in response.content.decode()
    assert not Summary.objects.exists()
    close_all(meeting, organiser)
    response = client.post(reverse("archive:summary_draft", args=[meeting.slug]))
    assert response["Location"] == reverse("archive:summary_edit", args=[meeting.slug])


def test_editing_over_http_and_a_conflict_keeps_both_texts(draft, meeting, facilitator, organiser):
    url = reverse("archive:summary_edit", args=[meeting.slug])
    client = client_for(facilitator)
    page = client.get(url).content.decode()
    assert 'name="base_version" value="1"' in page and "Een gedeelde werkplaats" in page

    archive_services.summary_save(
        summary=draft, by=organiser, text="Andere <tekst> van de organisator", base_version=1
    )
    response = client.post(url, {"text": "Mijn eigen versie", "base_version": "1", "new_topics": "Haven"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Mijn eigen versie</textarea>" in html  # my text stays in the editor
    assert "Andere &lt;tekst&gt; van de organisator</textarea>" in html  # theirs beside it, escaped
    assert 'name="base_version" value="2"' in html and 'name="overwrite"' not in html
    draft.refresh_from_db()
    assert draft.text == "Andere <tekst> van de organisator" and not Topic.objects.exists()

    # Saving from the conflict page names the version it showed (2) and replaces it.
    response = client.post(url, {"text": "Mijn eigen versie", "base_version": "2", "new_topics": "Haven"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.text == "Mijn eigen versie" and draft.version == 3
    assert [t.name for t in draft.topics.all()] == ["Haven"]


def test_a_save_after_a_conflict_never_replaces_a_version_its_editor_did_not_see(
    draft, meeting, facilitator, organiser
):
    """Two editors from version 1: the organiser saves (2); the facilitator's save conflicts and is
    shown 2; the organiser saves again (3); the facilitator's save from the conflict page names 2, so
    it is a new conflict showing 3, and 3 stays."""
    url = reverse("archive:summary_edit", args=[meeting.slug])
    client = client_for(facilitator)
    archive_services.summary_save(summary=draft, by=organiser, text="Versie twee", base_version=1)
    first = client.post(url, {"text": "Mijn versie", "base_version": "1"})
    assert first.status_code == 409 and 'name="base_version" value="2"' in first.content.decode()
    archive_services.summary_save(summary=draft, by=organiser, text="Versie drie", base_version=2)

    # What the conflict page's button sends (a page from before the fix also sent overwrite=1).
    second = client.post(url, {"text": "Mijn versie", "base_version": "2", "overwrite": "1"})

    assert second.status_code == 409
    html = second.content.decode()
    assert "Versie drie</textarea>" in html and 'name="base_version" value="3"' in html
    draft.refresh_from_db()
    assert (draft.text, draft.version) == ("Versie drie", 3)


def test_a_raw_post_with_an_overwrite_flag_and_an_old_version_is_a_conflict(
    draft, meeting, facilitator, organiser
):
    url = reverse("archive:summary_edit", args=[meeting.slug])
    archive_services.summary_save(summary=draft, by=organiser, text="Versie twee", base_version=1)

    response = client_for(facilitator).post(
        url, {"text": "Overschreven", "base_version": "1", "overwrite": "1"}
    )

    assert response.status_code == 409
    draft.refresh_from_db()
    assert (draft.text, draft.version) == ("Versie twee", 2)


def test_bad_input_over_http_says_why(draft, meeting, facilitator):
    url = reverse("archive:summary_edit", args=[meeting.slug])
    response = client_for(facilitator).post(url, {"text": "Goed", "base_version": "1", "new_topics": "<b>"})
    assert response.status_code == 400
    assert "&lt;" in response.content.decode() or "no &lt; or &gt;" in response.content.decode()
    draft.refresh_from_db()
    assert draft.version == 1


def test_the_published_page_shows_text_topics_teams_and_is_safe(draft, meeting, facilitator):
    topic = Topic.objects.create(name="Erfgoed", slug="erfgoed")
    ActionTeam.objects.create(name="Team Werkplaats", goal="Een werkplaats", meeting=meeting)
    archive_services.summary_save(
        summary=draft,
        by=facilitator,
        text='Tekst met <script>alert(1)</script> en <img src=x onerror="alert(2)"> en [link](javascript:alert(3))',
        topics=[topic],
        base_version=1,
    )
    archive_services.summary_publish(summary=draft, by=facilitator)
    html = client_for().get(reverse("archive:summary", args=[meeting.slug])).content.decode()
    team = ActionTeam.objects.get(name="Team Werkplaats")
    assert meeting.title in html and f'<a href="{team.get_absolute_url()}">Team Werkplaats</a>' in html
    assert f'href="{topic.get_absolute_url()}"' in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html
    assert 'class="user-text summary__text" hx-disable' in html


def test_the_meeting_actions_partial(meeting, facilitator, organiser):
    from django.template.loader import render_to_string

    def render(summary, can_edit):
        return render_to_string(
            "archive/meeting_summary_actions.html",
            {"meeting": meeting, "summary": summary, "can_edit": can_edit},
        )

    with translation.override("en"):
        assert "Draft the summary" in render(None, True)
        assert "Draft the summary" not in render(None, False)
        close_all(meeting, organiser)
        summary = archive_services.summary_draft(meeting=meeting, by=facilitator)
        assert "Edit the summary" in render(summary, True) and "Read" not in render(summary, False)
        summary = archive_services.summary_publish(summary=summary, by=facilitator)
        assert "Read the summary" in render(summary, False)


# --- the archive ----------------------------------------------------------------------------------


def make_meeting(organiser, title, starts_at, municipality=None):
    return factories.meeting(by=organiser, title=title, starts_at=starts_at, municipality=municipality)


@pytest.fixture
def archive(organiser):
    beverwijk = Municipality.objects.get(slug="beverwijk")
    velsen = Municipality.objects.get(slug="velsen")
    haven = Topic.objects.create(name="Haven", slug="haven")
    a = make_meeting(organiser, "Kunst in de haven", timezone.make_aware(datetime(2024, 3, 5, 19)), velsen)
    b = make_meeting(
        organiser, "Podia in Beverwijk", timezone.make_aware(datetime(2025, 4, 1, 19)), beverwijk
    )
    c = make_meeting(organiser, "Nog niet af", timezone.make_aware(datetime(2025, 5, 1, 19)), beverwijk)
    return {
        "haven": published(
            a, "We willen **ontmoetingsplekken** aan het water.", by=organiser, topics=[haven]
        ),
        "podia": published(b, "Meer zichtbaarheid voor kleine podia.", by=organiser),
        "draft": Summary.objects.create(meeting=c, text="Geheim concept over podia"),
    }


def listed(**params) -> list[str]:
    response = client_for().get(reverse("archive:archive"), params)
    assert response.status_code == 200
    return [s.meeting.title for s in response.context["page"].object_list]


def test_the_archive_lists_published_summaries_newest_first(archive):
    assert listed() == ["Podia in Beverwijk", "Kunst in de haven"]


def test_the_archive_searches_title_and_text_and_filters(archive):
    assert listed(q="haven") == ["Kunst in de haven"]
    assert listed(q="ontmoetingsplekken") == ["Kunst in de haven"]
    assert listed(q="podia") == ["Podia in Beverwijk"]  # the draft about podia is not public
    assert listed(q="trombone") == []
    assert listed(onderwerp="haven") == ["Kunst in de haven"]
    assert listed(gemeente="beverwijk") == ["Podia in Beverwijk"]
    assert listed(jaar="2024") == ["Kunst in de haven"]
    assert listed(jaar="2024", gemeente="beverwijk") == []


def test_unreadable_filters_show_everything_with_a_note(archive):
    response = client_for().get(reverse("archive:archive"), {"onderwerp": "bestaat-niet"})
    assert response.context["form"].errors
    assert len(response.context["page"].object_list) == 2


def test_the_archive_answers_htmx_with_its_results_and_links_its_feed(archive):
    full = client_for().get(reverse("archive:archive")).content.decode()
    assert 'type="application/atom+xml"' in full and reverse("archive:archive_feed") in full
    partial = client_for().get(reverse("archive:archive"), {"q": "haven"}, **HTMX)
    html = partial.content.decode()
    assert "<html" not in html and "Kunst in de haven" in html and "Podia" not in html


def test_the_archive_costs_the_same_queries_for_2_and_12_summaries(organiser):
    topics = [Topic.objects.create(name=f"Onderwerp {n}", slug=f"onderwerp-{n}") for n in range(3)]
    beverwijk = Municipality.objects.get(slug="beverwijk")

    def add(n):
        for i in range(n):
            start = timezone.now() - timedelta(days=30 + Summary.objects.count())
            published(
                make_meeting(organiser, f"Avond {i}", start, beverwijk), "Tekst", by=organiser, topics=topics
            )

    def count() -> int:
        client = client_for()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("archive:archive")).status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(10)
    assert count() == few


def test_dutch_stemming_on_postgresql(archive):
    require_postgres()
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('dutch', 'ontmoetingsplekken') @@ to_tsquery('dutch', 'ontmoetingsplek')"
        )
        assert cursor.fetchone()[0]
    assert listed(q="ontmoetingsplek") == ["Kunst in de haven"]  # a singular finds the plural
    assert listed(q="podium") == []  # no stem shared with "podia": stemming, not substring
    assert listed(q="zichtbaarheid podia") == ["Podia in Beverwijk"]


# --- the feed -------------------------------------------------------------------------------------


def test_the_feed_is_atom_with_the_newest_summaries_and_no_script(organiser):
    for n in range(22):
        meeting = make_meeting(organiser, f"Avond {n}", timezone.now() - timedelta(days=60 - n))
        published(
            meeting,
            f"Verslag {n} <script>alert('x')</script> **vet**",
            by=organiser,
            published_at=timezone.now() - timedelta(hours=30 - n),
        )
    response = client_for().get(reverse("archive:archive_feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == archive_selectors.FEED_SIZE
    assert entries[0].find(f"{ATOM}title").text == "Avond 21"  # newest first
    body = entries[0].find(f"{ATOM}summary").text
    assert "<strong>vet</strong>" in body and "<script" not in body and "alert" not in body
    assert b"<script" not in response.content
