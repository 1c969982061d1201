"""A session's optional image (#25): given with the session's form, checked and re-encoded, stored in
widths, shown on its page and its card with srcset, size and description; replaced and removed with
its files; refused with the reason when it is no image or has no description, and then nothing is
stored."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from boards.models import Meeting
from cmij.images import width_name, widths_for
from tests.helpers import factories
from tests.helpers.clients import client_for
from tests.helpers.uploads import image_upload, not_an_image

pytestmark = pytest.mark.django_db

IMG = re.compile(r"<img [^>]*>")


def form_data(**changes) -> dict:
    starts_at = timezone.localtime() + timedelta(days=10)
    data = {
        "title": "Bijeenkomst met een beeld",
        "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts_at + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "De Pletterij, Haarlem",
    }
    data.update(changes)
    return data


def stored_files(meeting: Meeting) -> list[str]:
    return [meeting.image.name] + [
        width_name(meeting.image.name, width) for width in widths_for(meeting.image_width)[:-1]
    ]


def images_on(path: str) -> list[str]:
    return IMG.findall(client_for().get(path).content.decode())


def test_a_session_made_with_an_image_shows_it_in_widths_on_its_page_and_its_card():
    organiser = factories.organiser()
    response = client_for(organiser).post(
        "/bijeenkomsten/nieuw/",
        form_data(image=image_upload(size=(2000, 1000)), image_alt="Een zaal vol makers"),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Bijeenkomst met een beeld")
    assert (meeting.image_width, meeting.image_height) == (800, 400)  # re-encoded, at most 800 px
    with default_storage.open(meeting.image.name, "rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
    assert all(default_storage.exists(name) for name in stored_files(meeting))

    for path in (meeting.get_absolute_url(), "/bijeenkomsten/", "/"):
        [img] = [tag for tag in images_on(path) if "/afbeelding/" in tag]
        assert 'alt="Een zaal vol makers"' in img and 'width="800"' in img and 'height="400"' in img
        srcset = re.search(r'srcset="([^"]+)"', img).group(1)
        assert [part.split()[-1] for part in srcset.split(", ")] == ["160w", "320w", "480w", "640w", "800w"]
    for url, width in meeting.image_sources:
        served = client_for().get(url)
        assert served.status_code == 200 and "public" in served["Cache-Control"]
        with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
            assert image.width == width
    missing = client_for().get(f"/bijeenkomsten/{meeting.slug}/afbeelding/333/")
    assert missing.status_code == 404 and "private" in missing["Cache-Control"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"image": "good"}, "image_alt", "Zeg in een paar woorden wat de afbeelding laat zien"),
        ({"image": "bad", "image_alt": "Iets"}, "image", "Dit is geen foto die we kunnen gebruiken"),
    ],
)
def test_an_image_without_a_description_or_no_image_at_all_is_refused_and_nothing_is_stored(
    changes, field, message
):
    changes["image"] = image_upload() if changes["image"] == "good" else not_an_image()
    response = client_for(factories.organiser()).post("/bijeenkomsten/nieuw/", form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()
    assert not default_storage.exists("meetings") or not default_storage.listdir("meetings/images")[1]


def test_a_new_image_replaces_the_old_one_and_removing_it_removes_its_files(
    django_capture_on_commit_callbacks,
):
    organiser = factories.organiser()
    meeting = factories.meeting(by=organiser, image=image_upload(), image_alt="Het eerste beeld")
    first = stored_files(meeting)
    edit = f"/bijeenkomsten/{meeting.slug}/bewerken/"
    keep = form_data(title=meeting.title, image_alt="Het tweede beeld")

    with django_capture_on_commit_callbacks(execute=True):
        client_for(organiser).post(edit, {**keep, "image": image_upload(size=(640, 480))})
    meeting.refresh_from_db()
    assert meeting.image_alt == "Het tweede beeld" and meeting.image_width == 640
    assert not any(default_storage.exists(name) for name in first)
    second = stored_files(meeting)
    assert all(default_storage.exists(name) for name in second)

    # Saved again without a new upload: the image stays.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(organiser).post(edit, keep)
    meeting.refresh_from_db()
    assert meeting.image.name == second[0]

    # Emptying the description of an image that stays is refused.
    response = client_for(organiser).post(edit, {**keep, "image_alt": ""})
    assert "image_alt" in response.context["form"].errors

    with django_capture_on_commit_callbacks(execute=True):
        client_for(organiser).post(edit, {**keep, "image_alt": "", "image_remove": "on"})
    meeting.refresh_from_db()
    assert not meeting.image and meeting.image_width is None and meeting.image_alt == ""
    assert not any(default_storage.exists(name) for name in second)
    assert not [tag for tag in images_on(meeting.get_absolute_url()) if "/afbeelding/" in tag]
    assert client_for().get(f"/bijeenkomsten/{meeting.slug}/afbeelding/").status_code == 404
