"""Topics: the topic page's timeline (public part and members' part, fixed queries), and
"Zet weer op de agenda": propose, support, rank, put on a programme, who is told, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from agenda.models import Event
from archive import selectors as archive_selectors
from archive import services as archive_services
from archive.models import Summary, Topic, TopicProposal
from boards.identity import Participant
from boards.models import Idea
from notifications.models import Notification
from profiles.models import Municipality
from teams.models import ActionTeam
from tests.helpers import factories
from tests.helpers.clients import HTMX, client_for
from tests.helpers.factories import idea_on, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Oefenruimte", slug="oefenruimte")


def event(topic, title, *, status=Event.Status.PUBLISHED, days=10, cancelled=False):
    made = Event.objects.create(
        title=title,
        starts_at=timezone.now() + timedelta(days=days),
        ends_at=timezone.now() + timedelta(days=days, hours=2),
        venue="De Pletterij",
        address="Peperstraat 1",
        municipality=Municipality.objects.get(slug="heemskerk"),
        status=status,
        cancelled_at=timezone.now() if cancelled else None,
    )
    made.topics.add(topic)
    return made


def fill(topic, meeting, board, organiser, guest, n: int):
    """n of each kind of thing that can carry the topic, public and not."""
    for i in range(n):
        summary = Summary.objects.create(meeting=factories.meeting(by=organiser, title=f"Avond {i}"),
                                         text="t", published_at=timezone.now())  # fmt: skip
        summary.topics.add(topic)
        idea = idea_on(board, Participant(guest=guest), f"Idee {i}")
        idea.topics.add(topic)
        ActionTeam.objects.create(name=f"Team {i}", goal=f"Doel {i}", topic=topic, meeting=meeting)
        event(topic, f"Voorstelling {i}", days=i + 1)
        post(organiser, title=f"Oproep {i}").topics.add(topic)


# --- the timeline ---------------------------------------------------------------------------------


@pytest.fixture
def timeline_data(topic, meeting, board, organiser, guest):
    summary = Summary.objects.create(meeting=meeting, text="Openbaar", published_at=timezone.now())
    summary.topics.add(topic)
    draft = Summary.objects.create(meeting=factories.meeting(by=organiser, title="Concept-avond"), text="x")
    draft.topics.add(topic)
    seen = idea_on(
        board, Participant(guest=guest), "Een gedeelde repetitieruimte", client_msg_id="idee-zichtbaar"
    )
    seen.topics.add(topic)
    hidden = idea_on(board, Participant(guest=guest), "Verborgen idee", client_msg_id="idee-verborgen")
    Idea.objects.filter(pk=hidden.pk).update(status=Idea.Status.HIDDEN)
    hidden.topics.add(topic)
    ActionTeam.objects.create(name="Team Ruimte", goal="Een ruimte vinden", topic=topic, meeting=meeting)
    event(topic, "Open repetitie")
    event(topic, "Afgelast concert", cancelled=True)
    event(topic, "Nog niet goedgekeurd", status=Event.Status.PENDING)
    callout = post(organiser, title="Gezocht: oefenruimte voor een koor")
    callout.topics.add(topic)
    closed = post(organiser, title="Gevonden: ruimte")
    closed.topics.add(topic)
    closed.status = "closed"
    closed.save()
    return meeting


def test_an_anonymous_visitor_sees_only_what_is_public(timeline_data, topic):
    kinds = {(e.kind, getattr(e.item, "title", None) or getattr(e.item, "name", None) or str(e.item))
             for e in archive_selectors.topic_timeline(topic=topic, viewer=AnonymousUser())}  # fmt: skip
    assert ("summary", str(timeline_data)) in kinds
    assert ("team", "Team Ruimte") in kinds
    assert ("event", "Open repetitie") in kinds and ("event", "Afgelast concert") in kinds
    assert not {kind for kind, _ in kinds} & {"idea", "callout"}
    assert ("event", "Nog niet goedgekeurd") not in kinds
    assert "Concept-avond" not in {name for _, name in kinds}

    html = client_for().get(topic.get_absolute_url()).content.decode()
    assert "Team Ruimte" in html and "Een ruimte vinden" in html
    assert "repetitieruimte" not in html and "koor" not in html and "Concept-avond" not in html


def test_members_see_ideas_and_callouts_in_the_feed_newest_first(timeline_data, topic, member):
    timeline = archive_selectors.topic_timeline(topic=topic, viewer=member)
    texts = [getattr(e.item, "text", None) or getattr(e.item, "title", None) for e in timeline]
    assert "Een gedeelde repetitieruimte" in texts and "Gezocht: oefenruimte voor een koor" in texts
    assert "Verborgen idee" not in texts and "Gevonden: ruimte" not in texts
    dates = [e.date for e in timeline]
    assert dates == sorted(dates, reverse=True)
    html = client_for(member).get(topic.get_absolute_url()).content.decode()
    assert "Een gedeelde repetitieruimte" in html and "Gast Anna" not in html  # never a guest's name


def test_the_topic_page_costs_the_same_queries_however_many_items(
    topic, meeting, board, organiser, guest, member
):
    def count(user) -> int:
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(topic.get_absolute_url()).status_code == 200
        return len(queries)

    fill(topic, meeting, board, organiser, guest, 1)
    few_public, few_member = count(None), count(member)
    fill(topic, meeting, board, organiser, guest, 6)
    assert count(None) == few_public and count(member) == few_member


def test_the_topic_list(topic):
    response = client_for().get(reverse("archive:topics"))
    assert response.status_code == 200 and topic.get_absolute_url() in response.content.decode()


def test_topics_are_in_the_admin_with_a_prepopulated_slug():
    assert admin.site.is_registered(Topic)
    assert admin.site._registry[Topic].prepopulated_fields == {"slug": ["name"]}


# --- proposals ------------------------------------------------------------------------------------


def test_a_member_proposes_and_others_support_idempotently(topic, member):
    proposal = archive_services.proposal_create(
        topic=topic, by=member, reason="  Er is   nog steeds geen plek  "
    )
    assert proposal.reason == "Er is nog steeds geen plek"
    other = factories.MemberFactory()
    archive_services.proposal_support(proposal=proposal, by=other)
    archive_services.proposal_support(proposal=proposal, by=other)  # twice is once
    archive_services.proposal_support(proposal=proposal, by=member)  # your own: no-op
    assert list(proposal.supporters.all()) == [other]
    archive_services.proposal_unsupport(proposal=proposal, by=other)
    assert not proposal.supporters.exists()


@pytest.mark.parametrize(
    ("reason", "message"),
    [("   ", "why"), ("x" * 301, "At most 300"), ("Met <b>opmaak</b>", "< or >")],
)
def test_bad_reasons_store_nothing(topic, member, reason, message):
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        archive_services.proposal_create(topic=topic, by=member, reason=reason)
    assert not TopicProposal.objects.exists()


def test_proposing_the_same_topic_twice_while_open_is_refused(topic, member, organiser):
    first = archive_services.proposal_create(topic=topic, by=member, reason="Nog steeds nodig")
    with translation.override("en"), pytest.raises(ValidationError, match="already proposed"):
        archive_services.proposal_create(topic=topic, by=member, reason="Nog een keer")
    assert TopicProposal.objects.count() == 1
    archive_services.proposal_schedule(proposal=first, meeting=factories.meeting(by=organiser), by=organiser)
    archive_services.proposal_create(
        topic=topic, by=member, reason="Weer terug"
    )  # once scheduled, again later
    assert TopicProposal.objects.count() == 2


def test_proposals_are_ranked_by_support_then_age(member, organiser):
    a, b, c = (Topic.objects.create(name=n, slug=n.lower()) for n in ("Alpha", "Beta", "Gamma"))
    pa = archive_services.proposal_create(topic=a, by=member, reason="a")
    pb = archive_services.proposal_create(topic=b, by=member, reason="b")
    pc = archive_services.proposal_create(topic=c, by=member, reason="c")
    for user in (factories.MemberFactory(), factories.MemberFactory()):
        archive_services.proposal_support(proposal=pc, by=user)
    archive_services.proposal_support(proposal=pb, by=organiser)
    ranked = list(archive_selectors.proposals_ranked())
    assert ranked == [pc, pb, pa] and [p.support_count for p in ranked] == [2, 1, 0]
    archive_services.proposal_schedule(proposal=pc, meeting=factories.meeting(by=organiser), by=organiser)
    assert list(archive_selectors.proposals_ranked()) == [pb, pa]


def test_scheduling_tells_proposer_and_supporters(topic, member, organiser):
    proposal = archive_services.proposal_create(topic=topic, by=member, reason="Graag weer")
    supporter, bystander = factories.MemberFactory(), factories.MemberFactory()
    archive_services.proposal_support(proposal=proposal, by=supporter)
    archive_services.proposal_support(
        proposal=proposal, by=organiser
    )  # the organiser who schedules is not told
    coming = factories.meeting(by=organiser, title="Juni-avond")
    archive_services.proposal_schedule(proposal=proposal, meeting=coming, by=organiser)
    notes = Notification.objects.filter(kind=Notification.Kind.PROPOSAL_SCHEDULED)
    assert sorted(n.recipient_id for n in notes) == sorted([member.pk, supporter.pk])
    note = notes.first()
    assert note.subject == "Oefenruimte" and note.detail == "Juni-avond"
    assert note.url == coming.get_absolute_url() and note.actor == organiser
    assert list(archive_selectors.topics_on_programme(coming)) == [proposal]
    assert not Notification.objects.filter(recipient=bystander).exists()


def test_scheduling_onto_a_past_meeting_is_refused(topic, member, organiser):
    proposal = archive_services.proposal_create(topic=topic, by=member, reason="Graag weer")
    past = factories.meeting(by=organiser, starts_at=timezone.now() - timedelta(days=3))
    with translation.override("en"), pytest.raises(ValidationError, match="still to come"):
        archive_services.proposal_schedule(proposal=proposal, meeting=past, by=organiser)
    proposal.refresh_from_db()
    assert proposal.meeting is None and not Notification.objects.exists()


def test_scheduled_proposals_take_no_more_support(topic, member, organiser):
    proposal = archive_services.proposal_create(topic=topic, by=member, reason="Graag weer")
    archive_services.proposal_schedule(
        proposal=proposal, meeting=factories.meeting(by=organiser), by=organiser
    )
    with pytest.raises(ValidationError):
        archive_services.proposal_support(proposal=proposal, by=factories.MemberFactory())


# --- the matrix: propose, support, schedule -------------------------------------------------------

ROLES = ["anonymous", "member", "facilitator", "other_facilitator", "organiser"]


@pytest.fixture
def people(meeting, organiser, facilitator, member):
    other = factories.MemberFactory()
    factories.meeting(by=organiser, title="Elders", facilitators=[other])
    return {"anonymous": AnonymousUser(), "member": member, "facilitator": facilitator,
            "other_facilitator": other, "organiser": organiser}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_matrix_services(role, people, topic, organiser):
    user = people[role]
    proposer = factories.MemberFactory()
    proposal = archive_services.proposal_create(topic=topic, by=proposer, reason="Graag")
    coming = factories.meeting(by=organiser, title="Straks")
    if role == "anonymous":
        for call in (
            lambda: archive_services.proposal_create(topic=topic, by=user, reason="Ik ook"),
            lambda: archive_services.proposal_support(proposal=proposal, by=user),
        ):
            with pytest.raises(PermissionDenied):
                call()
    else:
        assert archive_services.proposal_create(topic=topic, by=user, reason="Ik ook").proposed_by == user
        archive_services.proposal_support(proposal=proposal, by=user)
        assert proposal.supporters.filter(pk=user.pk).exists()
    if role == "organiser":
        assert (
            archive_services.proposal_schedule(proposal=proposal, meeting=coming, by=user).meeting == coming
        )
    else:
        with pytest.raises(PermissionDenied):
            archive_services.proposal_schedule(proposal=proposal, meeting=coming, by=user)
        proposal.refresh_from_db()
        assert proposal.meeting is None


@pytest.mark.parametrize("role", ROLES)
def test_matrix_over_http(role, people, topic, organiser):
    user = people[role]
    client = client_for(None if role == "anonymous" else user)
    proposal = archive_services.proposal_create(topic=topic, by=factories.MemberFactory(), reason="Graag")
    coming = factories.meeting(by=organiser, title="Straks")

    response = client.post(reverse("archive:topic_propose", args=[topic.slug]), {"reason": "Ik ook graag"})
    assert response.status_code == 302
    assert TopicProposal.objects.filter(reason="Ik ook graag").exists() == (role != "anonymous")
    response = client.post(reverse("archive:proposal_support", args=[proposal.pk]))
    assert response.status_code == 302
    assert proposal.supporters.exists() == (role != "anonymous")
    response = client.post(reverse("archive:proposal_schedule", args=[proposal.pk]), {"session": coming.pk})
    assert response.status_code == (302 if role == "organiser" else 403)
    proposal.refresh_from_db()
    assert (proposal.meeting_id == coming.pk) == (role == "organiser")


def test_support_toggles_and_htmx_gets_the_row(topic, member):
    proposal = archive_services.proposal_create(topic=topic, by=factories.MemberFactory(), reason="Graag")
    client = client_for(member)
    url = reverse("archive:proposal_support", args=[proposal.pk])
    html = client.post(url, **HTMX).content.decode()
    assert f'id="proposal-{proposal.pk}"' in html and 'aria-pressed="true"' in html and "<html" not in html
    assert proposal.supporters.filter(pk=member.pk).exists()
    html = client.post(url, **HTMX).content.decode()
    assert 'aria-pressed="false"' in html and not proposal.supporters.exists()


def test_a_bad_proposal_over_http_says_why(topic, member):
    response = client_for(member).post(reverse("archive:topic_propose", args=[topic.slug]), {"reason": ""})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not TopicProposal.objects.exists()


def test_the_meeting_partial_shows_ranked_proposals_with_a_button_for_organisers(topic, member, organiser):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    archive_services.proposal_create(topic=topic, by=member, reason="Graag & snel")
    coming = factories.meeting(by=organiser, title="Straks")
    request = RequestFactory().get("/")

    def render(user):
        context = archive_selectors.meeting_proposals_context(coming, user)
        return render_to_string("archive/proposals_for_meeting.html", context, request=request)

    html = render(organiser)
    assert "Oefenruimte" in html and "Graag &amp; snel" in html
    assert reverse("archive:proposal_schedule", args=[TopicProposal.objects.get().pk]) in html
    assert reverse("archive:proposal_schedule", args=[TopicProposal.objects.get().pk]) not in render(member)
