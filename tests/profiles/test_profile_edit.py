"""Editing your profile: every field, the photo's checks, and bad input that stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from profiles.models import Discipline, Kern, Municipality, Profile
from tests.helpers.clients import client_for
from tests.helpers.uploads import a_bmp, image_upload, not_an_image, too_large

pytestmark = pytest.mark.django_db


def profile_form_data(**changes) -> dict:
    """What the profile form posts: every field filled in, with `changes` (None: left out)."""
    data = {
        "display_name": "Sanne de Vries",
        "municipality": Municipality.objects.get(slug="beverwijk").pk,
        "kern": Kern.objects.get(slug="wijk-aan-zee").pk,
        "disciplines": [Discipline.objects.get(slug="fotografie").pk, Discipline.objects.get(slug="film").pk],
        "level": "professional",
        "stage": "behind_the_scenes",
        "pay": "paid",
        "organisations": "Kunstlijn Beverwijk, Fotoclub IJmond",
        "bio": "Ik fotografeer **schilderijen** en mensen.\n\n<script>alert(1)</script>",
        "website": "https://example.nl/sanne",
        "links": "https://example.nl/insta\nhttps://example.nl/vimeo",
        "helps_with": "licht, portretten",
        "looking_for": "een atelier",
        "open_to_collaboration": "on",
        "public": "on",
        "show_email": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_every_field_is_saved(member):
    response = client_for(member).post("/makers/profiel/", profile_form_data(photo=image_upload()))
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = Profile.objects.get(user=member)
    assert profile.display_name == "Sanne de Vries"
    assert (profile.municipality.slug, profile.kern.slug) == ("beverwijk", "wijk-aan-zee")
    assert {d.slug for d in profile.disciplines.all()} == {"fotografie", "film"}
    assert (profile.level, profile.stage, profile.pay) == ("professional", "behind_the_scenes", "paid")
    assert profile.organisations == ["Kunstlijn Beverwijk", "Fotoclub IJmond"]
    assert profile.helps_with == ["licht", "portretten"] and profile.looking_for == ["een atelier"]
    assert profile.links == ["https://example.nl/insta", "https://example.nl/vimeo"]
    assert profile.website == "https://example.nl/sanne"
    assert profile.open_to_collaboration and profile.public and not profile.show_email
    assert "<strong>schilderijen</strong>" in profile.bio_html and "<script" not in profile.bio_html
    assert "Fotoclub IJmond" in profile.search_text and "portretten" in profile.search_text
    with Image.open(profile.photo.open("rb")) as photo:
        assert photo.format == "JPEG" and max(photo.size) == 800


def test_a_photo_can_be_replaced_and_removed(member, django_capture_on_commit_callbacks):
    client = client_for(member)
    client.post("/makers/profiel/", profile_form_data(photo=image_upload()))
    first = Profile.objects.get(user=member).photo
    first_path = Path(first.path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/makers/profiel/", profile_form_data(photo=image_upload(size=(300, 300))))
    second = Profile.objects.get(user=member).photo
    assert second.name != first.name and Path(second.path).exists()
    assert not first_path.exists()  # the old file goes once the new one is committed
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/makers/profiel/", profile_form_data(**{"photo-clear": "on"}))
    assert not Profile.objects.get(user=member).photo
    assert not Path(second.path).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"photo": not_an_image()}, "geen foto die we kunnen gebruiken"),
        ({"photo": a_bmp()}, "geen foto die we kunnen gebruiken"),
        ({"photo": too_large()}, "groter dan 5 MB"),
        ({"website": "geen-adres"}, "Voer een geldige URL in"),
        ({"links": "https://example.nl\njavascript:alert(1)"}, "is geen webadres"),
        ({"display_name": "x" * 81}, "niet meer dan 80"),
        ({"display_name": "<b>Sanne</b>"}, "geen &lt; of &gt;"),
        ({"helps_with": "a" * 41}, "langer dan 40"),
        ({"helps_with": ",".join(f"tag{i}" for i in range(11))}, "hoogstens 10"),
        ({"bio": "x" * 2001}, "niet meer dan 2000"),
    ],
)
def test_bad_input_says_why_in_dutch_and_stores_nothing(member, changes, message):
    before = Profile.objects.get(user=member)
    data = (
        profile_form_data(**changes)
        if "display_name" in changes
        else profile_form_data(display_name="Nieuwe naam", **changes)
    )
    response = client_for(member).post("/makers/profiel/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    after = Profile.objects.get(user=member)
    assert after.display_name == before.display_name
    assert not after.photo
    assert after.disciplines.count() == 0


def test_clearing_the_place_clears_it(member):
    client = client_for(member)
    client.post("/makers/profiel/", profile_form_data())
    response = client.post("/makers/profiel/", profile_form_data(municipality="", kern=""))
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert profile.municipality is None and profile.kern is None


def test_a_village_outside_the_chosen_municipality_is_refused(member):
    response = client_for(member).post(
        "/makers/profiel/", profile_form_data(kern=Kern.objects.get(slug="ijmuiden").pk)
    )
    assert response.status_code == 400
    assert "niet in de gekozen gemeente" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in():
    response = client_for().get("/makers/profiel/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
