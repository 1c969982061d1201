"""A callout that concerns many members: rows in bulk, one "+1" publish for all, one render per language."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from profiles.models import Discipline, Profile
from realtime import hub, names
from tests.helpers.factories import maker, post, trust

pytestmark = pytest.mark.django_db


def many_followers_of(slug: str, count: int) -> None:
    """Members whose profile carries a discipline, made in bulk (the services would take minutes)."""
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        [
            User(username=f"volger{start + i}@example.nl", email=f"volger{start + i}@example.nl")
            for i in range(count)
        ]
    )
    if users[0].pk is None:  # SQLite before 3.35 returns no keys
        users = list(User.objects.filter(username__startswith="volger").order_by("pk"))[-count:]
    profiles = Profile.objects.bulk_create([Profile(user=u, display_name=f"Volger {u.pk}") for u in users])
    if profiles[0].pk is None:
        profiles = list(Profile.objects.filter(user__in=users))
    discipline = Discipline.objects.get(slug=slug)
    Profile.disciplines.through.objects.bulk_create(
        [Profile.disciplines.through(profile_id=p.pk, discipline_id=discipline.pk) for p in profiles]
    )


@pytest.fixture
def published(monkeypatch):
    """What went to the hub (a spy: the real publish still happens)."""
    sent: list[tuple[str, str]] = []
    real = hub.publish_from_sync

    def spy(topic: str, text: str) -> None:
        sent.append((topic, text))
        real(topic, text)

    monkeypatch.setattr("realtime.broadcast.publish_from_sync", spy)
    return sent


@pytest.fixture
def readers(monkeypatch):
    """Pretend both languages have feed readers, so the feed publish happens (topics_in_use is the
    only thing a socket changes on this side)."""
    monkeypatch.setattr("realtime.broadcast.topics_in_use", lambda names: set(names))


def test_a_callout_matching_three_followers_makes_three_rows_and_one_publish_per_audience(
    author, published, readers, django_capture_on_commit_callbacks
):
    followers = [maker(disciplines=["theater"]) for _ in range(3)]
    maker(disciplines=["muziek"])  # not concerned

    with django_capture_on_commit_callbacks(execute=True):
        callout = post(author, disciplines=["theater"])

    rows = Notification.objects.filter(callout=callout, kind=Notification.Kind.MATCH)
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(f.pk for f in followers)
    by_topic = [topic for topic, _text in published]
    assert by_topic.count(names.notifications()) == 1  # one "+1" for all three
    assert sorted(t for t in by_topic if t != names.notifications()) == [
        names.callouts("en"),
        names.callouts("nl"),
    ]  # one render and one publish per language, not per reader
    [bell] = [text for topic, text in published if topic == names.notifications()]
    tags, variants = hub.unpack(bell)
    assert tags["users"] == frozenset(f.pk for f in followers)
    assert list(variants) == ["member"]


def queries_to_post(author, slug: str) -> int:
    trust(author)  # past the first callout an organiser approves, before counting
    with CaptureQueriesContext(connection) as context:
        post(author, title=f"Voor iedereen in {slug}", disciplines=[slug])
    return len(context.captured_queries)


def test_the_queries_of_a_fan_out_do_not_grow_with_the_followers(author):
    many_followers_of("theater", 3)
    few = queries_to_post(author, "theater")
    many_followers_of("erfgoed", 2000)
    many = queries_to_post(author, "erfgoed")

    assert Notification.objects.filter(callout__disciplines__slug="erfgoed").count() == 2000
    assert many == few
    assert many <= 15
