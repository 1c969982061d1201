"""Uploaded images in a few widths (#25): a page asks for the width it shows (`srcset`), a phone never
loads the 800 px original for a 64 px face.

An upload is checked and re-encoded (`photo_jpeg`) by the service of its subject (a profile's photo,
an event's, a session's or a campaign's image); `attach` stores it under a new name and
`store_widths` its smaller widths beside it under the same name ("ab12.jpg" gives "ab12-160w.jpg",
...), and the model keeps the original's width and height. The widths follow from the original's width
alone (`widths_for`), so nothing else needs storing. Every width is served by its subject's own view,
under its subject's visibility: never a public file address.
"""

from __future__ import annotations

import io
import re
import uuid
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseNotFound
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

#: What an upload may be: its size, its pixels, its types; it is kept at most PHOTO_SIZE px on its
#: longest side.
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_SIZE = 800
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
#: An image needs its description: the error when it has none.
ALT_REQUIRED = gettext_lazy("Say in a few words what the image shows, for whoever cannot see it.")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

#: The widths made of an image, smaller than the original (which is the largest width).
WIDTHS = (160, 320, 480, 640)


def widths_for(width: int) -> list[int]:
    """The widths served of an image `width` px wide: the standard ones below it, and itself."""
    if width <= 0:
        return []
    return [w for w in WIDTHS if w < width] + [width]


def sources(url_name: str, original_width: int | None, **kwargs: object) -> list[tuple[str, int]]:
    """(address, width) of each width served of an image, smallest first (for srcset): `url_name`
    reversed with `kwargs` and the width. Empty when there is no image (`original_width` None)."""
    return [
        (reverse(url_name, kwargs={**kwargs, "width": width}), width)
        for width in widths_for(original_width or 0)
    ]


def photo_jpeg(upload: File, *, field: str = "photo") -> bytes:
    """Check an uploaded image (size, a real image of an allowed type, not too many pixels) and make
    it at most PHOTO_SIZE px on its longest side as a JPEG without its metadata. Errors name `field`."""
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({field: _("The photo is larger than 5 MB. Choose a smaller one.")})
    not_an_image = ValidationError(
        {field: _("This file is not a photo we can use. Upload a JPEG, PNG, WebP or GIF image.")}
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in PHOTO_FORMATS:
                raise not_an_image
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise ValidationError({field: _("The photo has too many pixels. Choose a smaller one.")})
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        raise not_an_image from None
    return buffer.getvalue()


def alt_errors(alt: str, *, needed: bool) -> list[str]:
    """What is wrong with an image's description: none while one is `needed`, or more than a line."""
    if needed and not alt.strip():
        return [ALT_REQUIRED]
    if _CONTROL.search(alt):
        return [_("Keep this on one line.")]
    return []


def image_checked(subject: Model, upload: File | bool | None) -> tuple[bytes | None, dict[str, list]]:
    """Check a subject's new image (`upload`: a file, False to remove the image, None to keep it) and
    its description at once: the upload made ready to store, and the errors by field (none: empty)."""
    errors: dict[str, list] = {}
    jpeg = None
    if upload:
        try:
            jpeg = photo_jpeg(upload, field="image")
        except ValidationError as error:
            errors.update(error.message_dict)
    needed = bool(upload) or (bool(subject.image) and upload is not False)
    if problems := alt_errors(subject.image_alt, needed=needed):
        errors["image_alt"] = problems
    return jpeg, errors


def attach(file: FieldFile, jpeg: bytes) -> tuple[int, int]:
    """Store a checked JPEG (`photo_jpeg`) in a model's file field under a new random name, its
    widths beside it; returns its width and height, for the model to keep. The model is not saved."""
    file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(jpeg), save=False)
    return store_widths(file.name, jpeg)


def set_image(subject: Model, jpeg: bytes | None, *, remove: bool = False) -> None:
    """Give a subject with `image`, `image_alt`, `image_width` and `image_height` (an event, a
    session, a campaign) a checked JPEG as its image, or remove its image (`remove`; nothing when
    neither). The old image and its widths are deleted after the commit. The subject is not saved."""
    old, old_width = subject.image.name, subject.image_width
    if jpeg is not None:
        subject.image_width, subject.image_height = attach(subject.image, jpeg)
    elif remove:
        subject.image, subject.image_alt = "", ""
        subject.image_width = subject.image_height = None
    if old and old != subject.image.name:
        transaction.on_commit(partial(delete_with_widths, old, old_width))


def width_name(name: str, width: int) -> str:
    """The stored name of one width of the image stored as `name`."""
    stem = name.rsplit(".", 1)[0]
    return f"{stem}-{width}w.jpg"


def stored_name(name: str, original_width: int, width: int | None) -> str | None:
    """The stored name to serve for `width` (None or the original's: the original); None when that
    width is not made of this image."""
    if width is None or width == original_width:
        return name
    if width not in widths_for(original_width):
        return None
    return width_name(name, width)


def image_name(subject: Model | None, width: int | None) -> str | None:
    """`stored_name` of a subject's `image` (an event, a session, a campaign): None when there is no
    subject or no image, or that width is not made of it."""
    if subject is None or not subject.image:
        return None
    return stored_name(subject.image.name, subject.image_width or 0, width)


def store_widths(name: str, jpeg: bytes, storage: Storage = default_storage) -> tuple[int, int]:
    """Save the smaller widths of the JPEG stored as `name` beside it; returns its width and height."""
    with Image.open(io.BytesIO(jpeg)) as image:
        image = image.convert("RGB")
        width, height = image.size
        for smaller in widths_for(width)[:-1]:
            resized = image.resize(
                (smaller, max(1, round(height * smaller / width))), Image.Resampling.LANCZOS
            )
            buffer = io.BytesIO()
            resized.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
            target = width_name(name, smaller)
            storage.delete(target)  # a name of our own: never renamed to "-1" beside a leftover
            storage.save(target, ContentFile(buffer.getvalue()))
    return width, height


def delete_with_widths(name: str, width: int | None, storage: Storage = default_storage) -> None:
    """Remove a stored image and every width made of it."""
    storage.delete(name)
    for smaller in widths_for(width or 0)[:-1]:
        storage.delete(width_name(name, smaller))


def add_missing_widths(name: str, storage: Storage = default_storage) -> tuple[int, int] | None:
    """For an image stored before widths existed: make its widths; its size, or None when its file
    is gone (the data migrations call this)."""
    if not name or not storage.exists(name):
        return None
    with storage.open(name, "rb") as stored:
        jpeg = stored.read()
    return store_widths(name, jpeg, storage)


def image_response(name: str | None, storage: Storage = default_storage) -> HttpResponse:
    """The stored JPEG `name`, or a plain 404 when there is none to show (not visible, no such width,
    its file gone). The view decides who may see it and how it may be cached, 404 included."""
    if name is None:
        return HttpResponseNotFound(content_type="text/plain")
    try:
        stored = storage.open(name, "rb")
    except FileNotFoundError:
        return HttpResponseNotFound(content_type="text/plain")
    response = FileResponse(stored, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def public_image_response(name: str | None) -> HttpResponse:
    """`image_response` for a subject anyone may see (a session, a campaign): any cache may keep it
    for an hour; a 404 only the browser."""
    response = image_response(name)
    shared = response.status_code == 200
    patch_cache_control(response, max_age=3600, **({"public": True} if shared else {"private": True}))
    return response


# --- in a form: upload, describe, remove ------------------------------------------------------------


def add_image_fields(form: forms.ModelForm) -> None:
    """A ModelForm of a subject with an image (its model's `image_alt` among the form's fields): an
    upload field, "remove the image" once there is one, and the three together after the rest. The
    service checks the upload (`photo_jpeg`); `image_argument` hands it over."""
    form.fields["image"] = forms.FileField(
        label=gettext_lazy("Image"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG, WebP or GIF, at most 5 MB."),
        widget=forms.FileInput(
            attrs={"accept": ",".join(f"image/{kind.lower()}" for kind in sorted(PHOTO_FORMATS))}
        ),
    )
    form.fields["image_alt"].help_text = gettext_lazy(
        "What the image shows, in a sentence, for whoever cannot see it. Needed with an image."
    )
    if form.instance.pk and form.instance.image:
        form.fields["image_remove"] = forms.BooleanField(
            label=gettext_lazy("Remove the image"), required=False
        )
    form.order_fields([name for name in form.fields if not name.startswith("image")] + ["image", "image_alt"])


def image_argument(data: dict) -> File | bool | None:
    """Take `image` and `image_remove` out of a form's cleaned data: the upload to use, False to remove
    the image, None to keep it (what the services take as `image`)."""
    remove = data.pop("image_remove", False)
    upload = data.pop("image", None)
    return upload or (False if remove else None)
