from __future__ import annotations

import pytest

from callouts import services
from callouts.models import Callout
from profiles import services as profile_services
from profiles.models import Discipline, Municipality
from tests.factories import MemberFactory


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
    return services.callout_create(
        author=author,
        disciplines=[discipline(slug) for slug in disciplines],
        municipality=municipality(municipality_slug) if municipality_slug else None,
        **fields,
    )


@pytest.fixture
def author(db):
    return maker(disciplines=["muziek"], municipality_slug="beverwijk")
