"""Images in a real Chromium (#25): every <img> has width, height and alt; every srcset offers at least
two widths, each fetched and measured to be that wide; a visitor's pages carry no photo of a
members-only profile and get 404 for each of its widths; an event without an image has none."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from PIL import Image

from agenda.models import Campaign, Event
from boards.models import Meeting
from cmij.demo import DEMO_SESSION_TITLE
from profiles import services as profile_services
from profiles.models import Profile
from tests.e2e.conftest import login_context
from tests.helpers import factories
from tests.helpers.uploads import image_upload

IMAGES_JS = """() => [...document.images].map(img => ({
  src: img.currentSrc || img.src, srcset: img.getAttribute('srcset'), alt: img.getAttribute('alt'),
  width: img.getAttribute('width'), height: img.getAttribute('height'), complete: img.complete,
  natural: img.naturalWidth, cls: img.className,
}))"""


@pytest.fixture
def faces(transactional_db):
    """The demo (events with posters and one without, a session and a campaign with one), a members-only maker and a public one, each with
    a photo."""
    call_command("seed_demo", verbosity=0)
    hidden = factories.maker(disciplines=["dans"], display_name="Verborgen Vera")
    shown = factories.maker(disciplines=["muziek"], display_name="Zichtbare Zoë")
    profile_services.profile_update(profile=shown.profile, public=True)
    for member in (hidden, shown):
        profile_services.photo_set(profile=member.profile, upload=image_upload(size=(900, 900)))
    return Profile.objects.get(user=hidden), Profile.objects.get(user=shown)


# Lazy images below the fold load too: each made eager and waited for (a broken one stays incomplete).
LOAD_ALL_JS = """() => Promise.all([...document.images].map(img => {
  img.loading = 'eager';
  return img.decode().catch(() => null);
}))"""


def images_on(page, url: str) -> list[dict]:
    page.goto(url)
    page.evaluate(LOAD_ALL_JS)
    return page.evaluate(IMAGES_JS)


def test_every_image_has_its_size_alt_and_real_widths(browser, live_url, faces):
    hidden, shown = faces
    member = factories.MemberFactory()
    context = login_context(browser, live_url, member, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    checked_widths: set[str] = set()
    posters = 0
    with_image: set[str] = set()
    session = Meeting.objects.get(title=DEMO_SESSION_TITLE).get_absolute_url()
    campaign = Campaign.objects.get().get_absolute_url()
    for path in (
        "/",
        "/agenda/",
        "/makers/",
        shown.get_absolute_url(),
        Event.objects.first().get_absolute_url(),
        "/bijeenkomsten/",
        session,
        campaign,
    ):
        for image in images_on(page, live_url + path):
            assert image["width"] and image["height"], f"{path}: {image['src']} has no width/height"
            assert image["alt"] is not None, f"{path}: {image['src']} has no alt"
            assert image["complete"] and image["natural"] > 0, f"{path}: {image['src']} is broken"
            if not image["srcset"]:
                continue
            posters += "card__image" in image["cls"]
            with_image.add(path)
            candidates = [part.strip().split() for part in image["srcset"].split(",")]
            widths = {int(width.rstrip("w")) for _url, width in candidates}
            assert len(widths) >= 2, f"{path}: srcset {image['srcset']} names one width"
            for url, width in candidates:
                if url in checked_widths:
                    continue
                checked_widths.add(url)
                response = page.request.get(live_url + url)
                assert response.ok, url
                with Image.open(io.BytesIO(response.body())) as fetched:
                    assert fetched.width == int(width.rstrip("w")), f"{url} is not {width} wide"
    assert posters >= 3, "the demo's posters are not on the agenda cards"
    assert {"/bijeenkomsten/", session, campaign} <= with_image, (
        "the session's or the campaign's image is missing"
    )
    assert len(checked_widths) >= 10
    context.close()


def test_a_visitor_sees_no_photo_of_a_members_only_profile_anywhere(browser, live_url, faces):
    hidden, shown = faces
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    hidden_prefix = f"/makers/{hidden.pk}/foto/"
    for path in ("/", "/agenda/", "/makers/", shown.get_absolute_url()):
        sources = [image["src"] + " " + (image["srcset"] or "") for image in images_on(page, live_url + path)]
        assert not any(hidden_prefix in source for source in sources), path
    for url, _width in hidden.photo_sources:
        response = page.request.get(live_url + url)
        assert response.status == 404 and "private" in response.headers["cache-control"]
    shown_response = page.request.get(live_url + shown.photo_sources[0][0])
    assert shown_response.ok and "private" in shown_response.headers["cache-control"]


def test_an_event_without_an_image_shows_no_broken_image(browser, live_url, faces):
    without = Event.objects.filter(image="", status=Event.Status.PUBLISHED).first()
    assert without is not None, "the demo has an event without a poster"
    page = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    images = images_on(page, live_url + without.get_absolute_url())
    assert all(image["complete"] and image["natural"] > 0 for image in images)
    assert not any("page-image" in image["cls"] for image in images)
