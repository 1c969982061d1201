"""Limits for members, not only guests (#28): how often one member may send a message, respond, post a
callout, propose a topic, submit an activity or report, and how many accounts one address may make.
Each is reached by a burst and not by the same number spread over its window; a refusal says when to
try again, in the person's language. The clock is the test's (cmij.limits.clock): no test waits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from agenda.models import Event
from archive.models import Topic, TopicProposal
from callouts.models import Callout, Report, Response
from cmij import limits
from notifications.models import Notification
from profiles.models import Message
from tests.agenda.test_agenda import event_form_data
from tests.helpers.clients import client_for
from tests.helpers.clocks import Clock
from tests.helpers.factories import PASSWORD, MemberFactory, discipline, maker, organiser, post

pytestmark = pytest.mark.django_db

MINUTE, HOUR, DAY = 60, 3600, 86400


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(now=1_000_000.0)
    monkeypatch.setattr(limits, "clock", clock)
    return clock


def callout_form(n: int) -> dict:
    return {
        "kind": "venue",
        "title": f"Atelierruimte gezocht {n}",
        "body": "Voor groot werk",
        "disciplines": [discipline("beeldende-kunst").pk],
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }


class Action:
    """One member's action through its view: `do(n)` the n-th time; `done()` how many are stored."""

    def __init__(self, name: str, window: int) -> None:
        self.name, self.window = name, window
        self.member = maker()
        self.browser = client_for(self.member)

    def setup(self) -> None:
        pass


class Messages(Action):
    def setup(self):
        self.recipient = MemberFactory()

    def do(self, n):
        return self.browser.post(f"/makers/{self.recipient.profile.pk}/bericht/", {"body": f"Hallo {n}"})

    def done(self):
        return Message.objects.filter(sender=self.member).count()


class Responses(Action):
    def setup(self):
        self.callout = post(maker(), title="Lichttechnicus gezocht")

    def do(self, n):
        return self.browser.post(f"/oproepen/{self.callout.pk}/reageren/", {"body": f"Ik kan {n}"})

    def done(self):
        return Response.objects.filter(sender=self.member).count()


class Callouts(Action):
    def do(self, n):
        return self.browser.post("/oproepen/nieuw/", callout_form(n))

    def done(self):
        return Callout.objects.filter(author=self.member).count()


class TopicProposals(Action):
    def do(self, n):
        topic = Topic.objects.create(name=f"Onderwerp {n}", slug=f"onderwerp-{n}")
        return self.browser.post(f"/onderwerpen/{topic.slug}/voorstellen/", {"reason": "Komt steeds terug"})

    def done(self):
        return TopicProposal.objects.filter(proposed_by=self.member).count()


class Events(Action):
    def do(self, n):
        return self.browser.post("/agenda/nieuw/", event_form_data(title=f"Open atelier {n}"))

    def done(self):
        return Event.objects.filter(submitted_by=self.member).count()


class Reports(Action):
    def do(self, n):
        callout = post(maker(), title=f"Oproep {n}")
        return self.browser.post(f"/oproepen/{callout.pk}/melden/", {"reason": "Dit is reclame"})

    def done(self):
        return Report.objects.filter(reporter=self.member).count()


ACTIONS = {
    "messages": (Messages, 20, MINUTE),
    "responses": (Responses, 30, HOUR),
    "callouts": (Callouts, 3, HOUR),
    "topic_proposals": (TopicProposals, 5, DAY),
    "events": (Events, 5, DAY),
    "reports": (Reports, 10, DAY),
}


def action(name: str) -> Action:
    kind, _count, window = ACTIONS[name]
    made = kind(name, window)
    made.setup()
    return made


@pytest.mark.parametrize("name", ACTIONS)
def test_a_burst_reaches_the_limit_and_the_refusal_says_when_to_try_again(clock, name):
    _kind, count, window = ACTIONS[name]
    act = action(name)
    for n in range(count):
        assert act.do(n).status_code in (200, 302), f"{name} {n} refused"
        clock.now += 1
    refused = act.do(count)

    assert refused.status_code == 400
    assert act.done() == count
    page = refused.content.decode()
    wait = window - count  # the first of the burst leaves the window then (one second apart)
    expected = limits.wait_text(wait)
    assert f"Probeer het over {expected} opnieuw." in page, page[:2000]
    # Once the first leaves the window, one more goes through.
    clock.now += wait
    assert act.do(count + 1).status_code in (200, 302)
    assert act.done() == count + 1


@pytest.mark.parametrize("name", ACTIONS)
def test_the_same_number_spread_over_the_window_goes_through(clock, name):
    _kind, count, window = ACTIONS[name]
    act = action(name)
    for n in range(count + 1):
        assert act.do(n).status_code in (200, 302), f"{name} {n} refused"
        clock.now += window / count + 1
    assert act.done() == count + 1


def test_an_organiser_has_no_limits(clock):
    boss = organiser()
    browser = client_for(boss)
    for n in range(5):
        assert browser.post("/oproepen/nieuw/", callout_form(n)).status_code == 302
    assert Callout.objects.filter(author=boss).count() == 5


def test_the_flood_of_messages_and_callouts_is_refused(clock):
    """What a fresh account did: 60 messages to one member at once, 30 callouts at once."""
    flooder, target = maker(), MemberFactory()
    browser = client_for(flooder)
    for n in range(60):
        browser.post(f"/makers/{target.profile.pk}/bericht/", {"body": f"Spam {n}"})
    for n in range(30):
        browser.post("/oproepen/nieuw/", callout_form(n))
    assert Message.objects.filter(sender=flooder).count() == 20
    assert Notification.objects.filter(recipient=target, kind=Notification.Kind.MESSAGE).count() == 20
    assert Callout.objects.filter(author=flooder).count() == 3


def sign_up(n: int, address: str):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/signup/",
        {
            "email": f"nieuw{n}@example.nl",
            "display_name": f"Nieuw {n}",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def test_one_address_makes_at_most_the_set_number_of_accounts_an_hour(clock):
    for n in range(30):
        assert sign_up(n, "192.0.2.7").status_code == 302, n
        clock.now += 1
    refused = sign_up(30, "192.0.2.7")
    assert refused.status_code == 200  # the form again, with why
    assert "Probeer het over" in refused.content.decode()
    assert sign_up(31, "198.51.100.9").status_code == 302  # another address
    assert get_user_model().objects.filter(email__startswith="nieuw").count() == 31
    clock.now += HOUR
    assert sign_up(32, "192.0.2.7").status_code == 302
