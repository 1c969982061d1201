"""Every write to callouts goes through a service: permission, validation, rows, then what follows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from callouts import selectors, services
from callouts.filters import FeedQuery
from callouts.models import BODY_MAX, Callout, CalloutMute, Follow, Report, Response
from notifications import selectors as notification_selectors
from notifications import services as notification_services
from notifications.models import Notification, NotificationSettings
from tests.helpers.factories import discipline, maker, municipality, organiser, post
from tests.helpers.notified import notified

pytestmark = pytest.mark.django_db


def in_feed() -> list[int]:
    return [callout.pk for callout in selectors.feed_page(query=FeedQuery())]


# --- creating ---------------------------------------------------------------------------------------


def test_a_callout_keeps_its_fields_and_its_markdown_rendered_and_sanitised(author):
    callout = post(
        author,
        disciplines=["muziek", "dans"],
        municipality_slug="velsen",
        body='**Vet** <script>alert(1)</script> <a href="/x" hx-get="/y" onclick="z()">link</a>',
        happens_on=timezone.localdate() + timedelta(days=10),
        place="Stadsschouwburg Velsen",
    )
    callout.refresh_from_db()
    assert "<strong>Vet</strong>" in callout.body_html
    for dangerous in ("<script", "hx-get", "onclick", "alert(1)"):
        assert dangerous not in callout.body_html
    assert {d.slug for d in callout.disciplines.all()} == {"muziek", "dans"}
    assert callout.municipality.slug == "velsen"
    assert callout.expires_on == timezone.localdate() + timedelta(weeks=6)
    assert callout.status == Callout.Status.OPEN
    assert in_feed() == [callout.pk]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "   "}, "title"),
        ({"body": "x" * (BODY_MAX + 1)}, "body"),
        ({"expires_on": timezone.localdate() - timedelta(days=1)}, "expires_on"),
        ({"expires_on": timezone.localdate() + timedelta(days=400)}, "expires_on"),
        ({"kind": "gossip"}, "kind"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(author, fields, field):
    follower = maker(disciplines=["muziek"])
    with pytest.raises(ValidationError) as error:
        post(author, disciplines=["muziek"], **fields)
    assert field in error.value.message_dict
    assert Callout.objects.count() == 0
    assert notified(follower) == []


def test_an_inactive_member_cannot_post(author):
    author.is_active = False
    author.save()
    with pytest.raises(PermissionDenied):
        post(author)


# --- changing your own -----------------------------------------------------------------------------


def test_the_author_edits_and_others_cannot(author, member):
    callout = post(author, disciplines=["muziek"])
    services.callout_update(
        callout=callout,
        by=author,
        title="Nieuwe titel",
        body="Nu met *nadruk*",
        disciplines=[discipline("dans")],
    )
    callout.refresh_from_db()
    assert callout.title == "Nieuwe titel"
    assert "<em>nadruk</em>" in callout.body_html
    assert [d.slug for d in callout.disciplines.all()] == ["dans"]
    with pytest.raises(PermissionDenied):
        services.callout_update(callout=callout, by=member, title="Gekaapt")
    with pytest.raises(ValidationError):
        services.callout_update(callout=callout, by=author, title="")
    callout.refresh_from_db()
    assert callout.title == "Nieuwe titel"


def test_closing_takes_it_out_of_the_feed_and_keeps_its_page(author, member):
    callout = post(author)
    with pytest.raises(PermissionDenied):
        services.callout_close(callout=callout, by=member)
    services.callout_close(callout=callout, by=author)
    callout.refresh_from_db()
    assert callout.status == Callout.Status.CLOSED and callout.closed_at is not None
    assert in_feed() == []
    services.callout_reopen(callout=callout, by=author)
    assert in_feed() == [callout.pk]


def test_an_expired_callout_leaves_the_feed_and_renewing_brings_it_back(author, member):
    callout = post(author)
    Callout.objects.filter(pk=callout.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert in_feed() == []
    with pytest.raises(PermissionDenied):
        services.callout_renew(callout=callout, by=member)
    services.callout_renew(callout=callout, by=author)
    callout.refresh_from_db()
    assert callout.expires_on == timezone.localdate() + timedelta(weeks=6)
    assert in_feed() == [callout.pk]


def test_deleting_removes_the_callout_its_threads_and_notifications(author, member):
    callout = post(author)
    services.response_create(callout=callout, sender=member, body="Ik speel gitaar!")
    with pytest.raises(PermissionDenied):
        services.callout_delete(callout=callout, by=member)
    services.callout_delete(callout=callout, by=author)
    assert not Callout.objects.exists()
    assert not Response.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.RESPONSE).exists()


# --- responses -----------------------------------------------------------------------------------


def test_a_response_starts_a_private_thread_the_author_hears_of_and_can_answer(author, member):
    callout = post(author)
    outsider = maker()
    services.response_create(callout=callout, sender=member, body="Ik speel gitaar!")
    assert [n.actor for n in notified(author, Notification.Kind.RESPONSE)] == [member]

    services.response_create(callout=callout, sender=author, responder=member, body="Top, bel me")
    assert [n.url for n in notified(member, Notification.Kind.REPLY)] == [
        f"/oproepen/{callout.pk}/#gesprek-{member.pk}"
    ]

    [(responder, messages)] = selectors.threads(callout=callout, viewer=author)
    assert responder == member and [m.body for m in messages] == ["Ik speel gitaar!", "Top, bel me"]
    assert selectors.threads(callout=callout, viewer=member)[0][0] == member
    assert selectors.threads(callout=callout, viewer=outsider) == []


def test_you_cannot_respond_to_your_own_callout_or_start_a_thread_on_a_closed_one(author, member):
    callout = post(author)
    with pytest.raises(ValidationError, match="eigen oproep"):
        services.response_create(callout=callout, sender=author, body="Hallo")
    stranger = maker()
    with pytest.raises(ValidationError):  # the author can only answer in an existing thread
        services.response_create(callout=callout, sender=author, responder=stranger, body="Hallo")
    services.response_create(callout=callout, sender=member, body="Ik doe mee")
    services.callout_close(callout=callout, by=author)
    with pytest.raises(ValidationError, match="gesloten"):
        services.response_create(callout=callout, sender=stranger, body="Te laat?")
    # A thread that was already going on may go on.
    services.response_create(callout=callout, sender=member, body="Dank je!")
    assert Response.objects.filter(responder=stranger).count() == 0
    assert Response.objects.filter(responder=member).count() == 2


def test_a_response_over_the_limit_stores_nothing(author, member):
    callout = post(author)
    with pytest.raises(ValidationError):
        services.response_create(callout=callout, sender=member, body="x" * 2001)
    assert not Response.objects.exists()
    assert notified(author, Notification.Kind.RESPONSE) == []


def test_a_muted_callout_notifies_no_more(author, member):
    callout = post(author)
    services.callout_mute(callout=callout, member=author, muted=True)
    services.response_create(callout=callout, sender=member, body="Ik speel gitaar!")
    assert notified(author, Notification.Kind.RESPONSE) == []
    services.callout_mute(callout=callout, member=author, muted=False)
    assert not CalloutMute.objects.exists()
    services.response_create(callout=callout, sender=member, body="Nog een bericht")
    assert len(notified(author, Notification.Kind.RESPONSE)) == 1


# --- follows ---------------------------------------------------------------------------------------


def test_members_follow_their_profile_until_they_choose(author):
    musician = maker(disciplines=["muziek"], municipality_slug="heemskerk")
    from_heemskerk = maker(disciplines=["dans"], municipality_slug="heemskerk")
    dancer_elsewhere = maker(disciplines=["dans"], municipality_slug="velsen")

    post(author, disciplines=["muziek"], municipality_slug="heemskerk")
    assert len(notified(musician, Notification.Kind.MATCH)) == 1
    assert len(notified(from_heemskerk, Notification.Kind.MATCH)) == 1
    assert notified(dancer_elsewhere) == []
    assert notified(author) == []  # never about your own callout

    # Choosing follows: the profile's become rows, then the change applies.
    services.follow_add(member=dancer_elsewhere, discipline=discipline("theater"))
    assert {str(f.thing.slug) for f in Follow.objects.filter(member=dancer_elsewhere)} == {
        "dans",
        "velsen",
        "theater",
    }
    assert NotificationSettings.objects.get(member=dancer_elsewhere).follows_chosen
    post(author, kind=Callout.Kind.TIP, disciplines=["theater"])
    assert len(notified(dancer_elsewhere, Notification.Kind.MATCH)) == 1


def test_a_muted_or_removed_follow_notifies_no_more(author):
    dancer = maker(disciplines=["dans"], municipality_slug="velsen")
    services.follow_add(member=dancer, discipline=discipline("dans"))
    dans = Follow.objects.get(member=dancer, discipline__slug="dans")
    velsen = Follow.objects.get(member=dancer, municipality__slug="velsen")
    services.follow_set_muted(member=dancer, follow_id=dans.pk, muted=True)
    services.follow_remove(member=dancer, follow_id=velsen.pk)
    post(author, disciplines=["dans"], municipality_slug="velsen")
    assert notified(dancer) == []
    services.follow_set_muted(member=dancer, follow_id=dans.pk, muted=False)
    post(author, title="Nog een", disciplines=["dans"])
    assert len(notified(dancer)) == 1


def test_a_callout_for_all_of_ijmond_reaches_followers_of_its_disciplines_only(author):
    no_municipality = maker(disciplines=["film"])
    someone_in_velsen = maker(disciplines=["dans"], municipality_slug="velsen")
    post(author, disciplines=["film"], municipality_slug=None)
    assert len(notified(no_municipality)) == 1
    assert notified(someone_in_velsen) == []


# --- reports and hiding ----------------------------------------------------------------------------


def test_a_report_reaches_the_organisers_who_hide_with_a_reason_the_author_sees(author, member):
    boss = organiser()
    callout = post(author)
    with pytest.raises(PermissionDenied):
        services.report_create(callout=callout, by=author, reason="Mijn eigen")
    services.report_create(callout=callout, by=member, reason="Dit is reclame")
    with pytest.raises(ValidationError):
        services.report_create(callout=callout, by=member, reason="Nog eens")
    assert [n.url for n in notified(boss, Notification.Kind.REPORT)] == ["/oproepen/meldingen/"]
    assert list(selectors.open_reports()) == list(Report.objects.all())

    with pytest.raises(PermissionDenied):
        services.callout_hide(callout=callout, by=member, reason="Weg ermee")
    with pytest.raises(ValidationError):
        services.callout_hide(callout=callout, by=boss, reason="  ")
    services.callout_hide(callout=callout, by=boss, reason="Commerciële reclame hoort hier niet")
    callout.refresh_from_db()
    assert callout.is_hidden and callout.hidden_reason == "Commerciële reclame hoort hier niet"
    assert in_feed() == []
    assert len(notified(author, Notification.Kind.HIDDEN)) == 1
    assert list(selectors.open_reports()) == []
    services.callout_unhide(callout=callout, by=boss)
    assert in_feed() == [callout.pk]


# --- notifications ----------------------------------------------------------------------------------


def test_reading_one_or_all_notifications(author):
    reader = maker(disciplines=["muziek"])
    post(author, disciplines=["muziek"])
    post(author, title="Tweede", disciplines=["muziek"])
    assert notification_selectors.unread_count(reader) == 2
    first = Notification.objects.filter(recipient=reader).first()
    notification_services.notification_read(member=author, notification_id=first.pk)  # not theirs: nothing
    assert notification_selectors.unread_count(reader) == 2
    notification_services.notification_read(member=reader, notification_id=first.pk)
    assert notification_selectors.unread_count(reader) == 1
    notification_services.notifications_read_all(member=reader)
    assert notification_selectors.unread_count(reader) == 0


def test_feed_filters_combine(author):
    velsen_dance = post(author, kind=Callout.Kind.VENUE, disciplines=["dans"], municipality_slug="velsen")
    music_tip = post(author, kind=Callout.Kind.TIP, title="Subsidie voor muziek", disciplines=["muziek"])
    offered = post(author, kind=Callout.Kind.OFFERED, title="Gratis fotoshoot", body="Voor je portfolio")

    def ids(**query):
        return [c.pk for c in selectors.feed_page(query=FeedQuery(**query))]

    assert ids() == [offered.pk, music_tip.pk, velsen_dance.pk]
    assert ids(kinds=frozenset(Callout.WANTED)) == [velsen_dance.pk]
    assert ids(discipline_ids=frozenset({discipline("muziek").pk})) == [music_tip.pk]
    assert ids(municipality_ids=frozenset({municipality("velsen").pk})) == [velsen_dance.pk]
    assert ids(search="portfolio") == [offered.pk]
    assert ids(search="SUBSIDIE muziek") == [music_tip.pk]
    assert ids(mine=True, my_discipline_ids=frozenset({discipline("dans").pk})) == [velsen_dance.pk]
    assert ids(mine=True, my_municipality_id=municipality("velsen").pk) == [velsen_dance.pk]
    assert ids(mine=True) == []
