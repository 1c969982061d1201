"""Images in widths (#25, cmij.images): each upload is stored in a few widths beside the original, and
photos and images uploaded before widths existed get theirs from the data migrations."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from agenda.models import Event
from cmij.images import WIDTHS, delete_with_widths, width_name, widths_for
from profiles import services
from profiles.models import Profile
from tests.helpers import factories
from tests.helpers.uploads import image_upload

pytestmark = pytest.mark.django_db


def stored_width(name: str) -> int:
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        return image.width


def test_the_widths_are_the_standard_ones_below_the_original_and_the_original():
    assert widths_for(800) == [160, 320, 480, 640, 800]
    assert widths_for(300) == [160, 300]
    assert widths_for(160) == [160]
    assert widths_for(0) == []
    assert max(WIDTHS) < 800  # the largest photo (profiles.services.PHOTO_SIZE) is a width of its own


def test_an_uploaded_photo_is_stored_in_every_width_and_removed_with_them():
    member = factories.MemberFactory()
    services.photo_set(profile=member.profile, upload=image_upload(size=(1000, 500)))
    profile = Profile.objects.get(pk=member.profile.pk)
    assert (profile.photo_width, profile.photo_height) == (800, 400)
    for width in widths_for(800)[:-1]:
        assert stored_width(width_name(profile.photo.name, width)) == width
    names = [width_name(profile.photo.name, width) for width in widths_for(800)[:-1]]
    delete_with_widths(profile.photo.name, profile.photo_width)
    assert not any(default_storage.exists(name) for name in [profile.photo.name, *names])


@pytest.mark.parametrize(
    ("module", "model", "field"),
    [
        ("profiles.migrations.0004_image_widths", Profile, "photo"),
        ("agenda.migrations.0002_image_widths", Event, "image"),
    ],
)
def test_the_data_migration_gives_earlier_uploads_their_widths(module, model, field):
    """An upload stored the way it was before #25 (the original alone, no size) gets its widths."""
    row = factories.MemberFactory().profile if model is Profile else factories.submit_event()
    buffer = io.BytesIO()
    Image.new("RGB", (600, 450), (20, 90, 120)).save(buffer, "JPEG")
    getattr(row, field).save("earlier.jpg", ContentFile(buffer.getvalue()), save=False)
    model.objects.filter(pk=row.pk).update(**{field: getattr(row, field).name})
    gone = factories.MemberFactory().profile if model is Profile else factories.submit_event()
    model.objects.filter(pk=gone.pk).update(**{field: "profiles/photos/weg.jpg"})  # its file is gone

    importlib.import_module(module).widths_for_earlier_uploads(apps, None)

    row = model.objects.get(pk=row.pk)
    assert (getattr(row, f"{field}_width"), getattr(row, f"{field}_height")) == (600, 450)
    name = getattr(row, field).name
    assert [stored_width(width_name(name, width)) for width in (160, 320, 480)] == [160, 320, 480]
    assert getattr(model.objects.get(pk=gone.pk), f"{field}_width") is None
