"""Uploaded images in a few widths (#25): a page asks for the width it shows (`srcset`), a phone never
loads the 800 px original for a 64 px face.

An upload is checked and re-encoded by its app's service (profiles.services.photo_jpeg); `store_widths`
then saves its smaller widths beside it under the same name ("ab12.jpg" gives "ab12-160w.jpg", ...),
and the model keeps the original's width and height. The widths follow from the original's width
alone (`widths_for`), so nothing else needs storing. Every width is served by its subject's own view,
under its subject's visibility: never a public file address.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.http import FileResponse, HttpResponse, HttpResponseNotFound
from django.urls import reverse
from PIL import Image

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
