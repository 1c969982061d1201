"""Test data, built through the services so it is shaped as the app shapes it."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from boards import services as board_services
from callouts import services as callout_services
from callouts.models import Callout
from profiles import services as profile_services
from profiles.models import Discipline, Municipality
from profiles.reference import ensure_reference_data

PASSWORD = "een-lang-wachtwoord-42"


class MemberFactory(factory.Factory):
    class Meta:
        model = dict

    email = factory.Sequence(lambda n: f"maker{n}@example.nl")
    display_name = factory.Faker("name", locale="nl_NL")
    password = PASSWORD
    is_staff = False
    language = "nl"

    @classmethod
    def _create(cls, model_class, **kwargs):
        ensure_reference_data()
        return profile_services.member_create(**kwargs)


def organiser(**kwargs):
    return MemberFactory(is_staff=True, **kwargs)


def meeting(*, by=None, **kwargs):
    by = by or organiser()
    starts_at = kwargs.pop("starts_at", timezone.now() + timedelta(days=7))
    return board_services.meeting_create(
        by=by,
        title=kwargs.pop("title", "Bijeenkomst in de bibliotheek"),
        starts_at=starts_at,
        ends_at=kwargs.pop("ends_at", starts_at + timedelta(hours=2)),
        **kwargs,
    )


# --- makers with a profile, and their callouts ---------------------------------------------------


def discipline(slug: str) -> Discipline:
    return Discipline.objects.get(slug=slug)


def municipality(slug: str) -> Municipality:
    return Municipality.objects.get(slug=slug)


def maker(*, disciplines=(), municipality_slug: str | None = None, **kwargs):
    """A member whose profile has these disciplines and municipality."""
    user = MemberFactory(**kwargs)
    profile_services.profile_update(
        profile=user.profile,
        disciplines=[discipline(slug) for slug in disciplines],
        municipality=municipality(municipality_slug) if municipality_slug else None,
    )
    return user


def post(author, *, disciplines=(), municipality_slug: str | None = None, **fields) -> Callout:
    fields.setdefault("kind", Callout.Kind.COLLABORATION)
    fields.setdefault("title", "Gezocht: een gitarist voor ons straatfestival")
    fields.setdefault("body", "We spelen in juni in **Beverwijk** en zoeken nog iemand.")
    return callout_services.callout_create(
        author=author,
        disciplines=[discipline(slug) for slug in disciplines],
        municipality=municipality(municipality_slug) if municipality_slug else None,
        **fields,
    )
