"""Faces in the directory and on profiles (#25): a photo, or initials on the colour of the maker's
first discipline's family; discipline tags carry their family beside their name."""

from __future__ import annotations

import re

import pytest

from profiles import services as profile_services
from profiles.models import Profile
from tests.helpers import factories
from tests.helpers.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Sanne de Vries", "SV"),
        ("Kees", "K"),
        ("  ömer   yıldız ", "ÖY"),
        ("(Henk) van Dam", "VD"),
        ("!!", "?"),
    ],
)
def test_initials_are_the_first_letters_of_the_first_and_last_word(name, initials):
    assert Profile(display_name=name).initials == initials


def test_a_maker_without_a_photo_has_initials_on_their_familys_colour():
    maker = factories.maker(disciplines=["muziek", "dans"], display_name="Mila Muziek")
    profile_services.profile_update(profile=maker.profile, public=True)
    page = client_for().get("/makers/").content.decode()
    avatar = re.search(r'<span class="avatar avatar--64 avatar--initials"[^>]*>MM</span>', page)
    # The first of the tags shown (Dans before Muziek): the avatar and the tags tell the same story.
    assert (
        avatar and 'data-family="performing"' in avatar.group(0) and 'aria-hidden="true"' in avatar.group(0)
    )
    assert '<li data-family="music">Muziek</li>' in page and '<li data-family="performing">Dans</li>' in page
    profile_page = client_for().get(maker.profile.get_absolute_url()).content.decode()
    assert 'class="avatar avatar--160 avatar--initials" data-family="performing"' in profile_page
