"""Uploaded files as a browser sends them: pictures for a profile's photo or an event's image, and the
ones the forms refuse."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MAX_BYTES = 5 * 1024 * 1024  # the forms' limit for a picture


def image_upload(
    name="foto.png", size=(1600, 1200), fmt="PNG", content_type="image/png"
) -> SimpleUploadedFile:
    """A real picture of `size` in `fmt`, as an uploaded file."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def too_large() -> SimpleUploadedFile:
    """A "picture" just over the 5 MB limit (a JPEG's first bytes, then filler)."""
    return SimpleUploadedFile("groot.jpg", b"\xff\xd8" + b"0" * (MAX_BYTES + 1), content_type="image/jpeg")


def not_an_image() -> SimpleUploadedFile:
    """A PDF that says it is a JPEG."""
    return SimpleUploadedFile("foto.jpg", b"%PDF-1.4 dit is geen foto", content_type="image/jpeg")


def a_bmp() -> SimpleUploadedFile:
    """A real picture, but a BMP: not a format the forms take."""
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "BMP")
    return SimpleUploadedFile("foto.bmp", buffer.getvalue(), content_type="image/bmp")
