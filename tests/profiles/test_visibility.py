"""Who sees a profile page, its photo and its email address: anonymous, a member, the owner."""

from __future__ import annotations

import pytest

from callouts import services as callout_services
from profiles import services
from profiles.models import Profile
from tests.helpers.clients import client_for
from tests.helpers.factories import MemberFactory, organiser
from tests.helpers.uploads import image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    user = MemberFactory(email="eigenaar@example.nl", display_name="Eva Eigenaar")
    services.photo_set(profile=user.profile, upload=image_upload())
    return user


def page_and_photo(client, profile: Profile) -> tuple[int, int]:
    return (
        client.get(f"/makers/{profile.pk}/").status_code,
        client.get(f"/makers/{profile.pk}/foto/").status_code,
    )


@pytest.mark.parametrize(
    ("public", "viewer", "expected"),
    [
        (False, "anonymous", (404, 404)),
        (False, "member", (200, 200)),
        (False, "owner", (200, 200)),
        (True, "anonymous", (200, 200)),
        (True, "member", (200, 200)),
        (True, "owner", (200, 200)),
    ],
)
def test_members_only_by_default_public_when_chosen(owner, public, viewer, expected):
    Profile.objects.filter(user=owner).update(public=public)
    user = {"anonymous": None, "member": MemberFactory(), "owner": owner}[viewer]
    assert page_and_photo(client_for(user), owner.profile) == expected


def test_the_photo_is_never_a_public_file_address(owner):
    page = client_for(MemberFactory()).get(f"/makers/{owner.profile.pk}/").content.decode()
    assert f'src="/makers/{owner.profile.pk}/foto/' in page
    assert "/media/" not in page
    assert client_for().get(f"/media/{owner.profile.photo.name}").status_code == 404
    photo = client_for(owner).get(f"/makers/{owner.profile.pk}/foto/")
    assert photo["Content-Type"] == "image/jpeg" and "private" in photo["Cache-Control"]


def test_a_deactivated_member_is_gone_except_for_organisers(owner):
    owner.is_active = False
    owner.save()
    assert page_and_photo(client_for(MemberFactory()), owner.profile) == (404, 404)
    assert page_and_photo(client_for(organiser()), owner.profile) == (200, 200)


def test_the_email_address_shows_only_when_the_member_chose_it(owner):
    member = client_for(MemberFactory())
    assert "eigenaar@example.nl" not in member.get(f"/makers/{owner.profile.pk}/").content.decode()
    assert "eigenaar@example.nl" in client_for(owner).get(f"/makers/{owner.profile.pk}/").content.decode()
    Profile.objects.filter(user=owner).update(show_email=True)
    assert "eigenaar@example.nl" in member.get(f"/makers/{owner.profile.pk}/").content.decode()
    Profile.objects.filter(user=owner).update(public=True)
    assert "eigenaar@example.nl" in client_for().get(f"/makers/{owner.profile.pk}/").content.decode()


def test_the_page_shows_open_callouts_to_members_and_the_meetings_taken_part_in(owner):
    from tests.helpers.factories import idea_on, post
    from tests.helpers.factories import meeting as make_meeting

    post(owner, title="Open oproep van Eva")
    closed = post(owner, title="Gesloten oproep van Eva")

    callout_services.callout_close(callout=closed, by=owner)
    meeting = make_meeting(title="Bijeenkomst in Velsen")
    board = meeting.boards.first()
    idea_on(board, owner, "Mijn idee", client_msg_id="profiel-test-1")
    Profile.objects.filter(user=owner).update(public=True)
    as_member = client_for(MemberFactory()).get(f"/makers/{owner.profile.pk}/").content.decode()
    assert "Open oproep van Eva" in as_member and "Gesloten oproep van Eva" not in as_member
    assert "Bijeenkomst in Velsen" in as_member
    anonymous = client_for().get(f"/makers/{owner.profile.pk}/").content.decode()
    assert "Open oproep van Eva" not in anonymous and "Bijeenkomst in Velsen" in anonymous


def test_every_width_of_a_members_only_photo_is_hidden_from_visitors_and_private(owner):
    """#25: the photo's widths (srcset) follow the profile's visibility like the photo itself."""
    owner.profile.refresh_from_db()
    sources = owner.profile.photo_sources
    assert len({width for _url, width in sources}) >= 2
    for url, _width in sources:
        hidden = client_for().get(url)
        assert hidden.status_code == 404 and "private" in hidden["Cache-Control"]
        shown = client_for(MemberFactory()).get(url)
        assert shown.status_code == 200 and "private" in shown["Cache-Control"]
    not_made = f"/makers/{owner.profile.pk}/foto/123/"
    assert client_for(owner).get(not_made).status_code == 404
