"""A campaign's optional image (#25): an organiser gives it in the admin, where it is checked (every
error by its field, nothing stored with one), re-encoded and stored in widths by the service; the
campaign's page and the home page show it with srcset, size and description; removing it removes its
files."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from agenda.models import Campaign
from cmij.images import width_name, widths_for
from tests.helpers import factories
from tests.helpers.clients import client_for
from tests.helpers.uploads import image_upload, too_large

pytestmark = pytest.mark.django_db

ADD = "/beheer/agenda/campaign/add/"


def form_data(**changes) -> dict:
    today = timezone.localdate()
    data = {
        "name": "Cultuur zichtbaar",
        "slug": "cultuur-zichtbaar",
        "starts_on": today.replace(day=1).isoformat(),
        "ends_on": "",
        "text": "Een maand lang **alles** zichtbaar.",
        "image_alt": "",
    }
    data.update(changes)
    return data


def stored_files(campaign: Campaign) -> list[str]:
    return [campaign.image.name] + [
        width_name(campaign.image.name, width) for width in widths_for(campaign.image_width)[:-1]
    ]


def image_tags(path: str) -> list[str]:
    page = client_for().get(path).content.decode()
    return [tag for tag in re.findall(r"<img [^>]*>", page) if "/afbeelding/" in tag]


def test_a_campaign_made_in_the_admin_with_an_image_shows_it_on_its_page_and_at_home():
    response = client_for(factories.organiser()).post(
        ADD, form_data(image=image_upload(size=(1200, 900)), image_alt="Een affiche met duinen")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign = Campaign.objects.get(slug="cultuur-zichtbaar")
    assert campaign.text_html.startswith("<p>Een maand lang <strong>alles</strong>")  # rendered too
    assert (campaign.image_width, campaign.image_height) == (800, 600)
    assert all(default_storage.exists(name) for name in stored_files(campaign))

    for path in (campaign.get_absolute_url(), "/"):
        [img] = image_tags(path)
        assert 'alt="Een affiche met duinen"' in img and 'width="800"' in img and 'height="600"' in img
    assert len(campaign.image_sources) == 5
    for url, width in campaign.image_sources:
        served = client_for().get(url)
        assert served.status_code == 200 and "public" in served["Cache-Control"]
        with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
            assert image.width == width


def test_the_admin_says_what_is_wrong_with_the_image_and_stores_nothing():
    organiser = factories.organiser()
    response = client_for(organiser).post(ADD, form_data(image=too_large()))
    errors = response.context["adminform"].form.errors
    assert "De foto is groter dan 5 MB" in " ".join(errors["image"])
    assert "Zeg in een paar woorden wat de afbeelding laat zien" in " ".join(errors["image_alt"])
    assert not Campaign.objects.exists()
    assert not default_storage.exists("campaigns/images")


def test_removing_the_image_in_the_admin_removes_its_files(django_capture_on_commit_callbacks):
    organiser = factories.organiser()
    client_for(organiser).post(ADD, form_data(image=image_upload(), image_alt="Een affiche"))
    campaign = Campaign.objects.get()
    files = stored_files(campaign)
    change = f"/beheer/agenda/campaign/{campaign.pk}/change/"
    assert "image_remove" in client_for(organiser).get(change).context["adminform"].form.fields

    # The description of an image that stays may not be emptied.
    response = client_for(organiser).post(change, form_data(image_alt=""))
    assert "image_alt" in response.context["adminform"].form.errors

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(organiser).post(change, form_data(image_remove="on"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert not campaign.image and campaign.image_width is None
    assert not any(default_storage.exists(name) for name in files)
    assert image_tags(campaign.get_absolute_url()) == []
    assert client_for().get(f"/agenda/campagnes/{campaign.slug}/afbeelding/").status_code == 404
