"""Posters for the demo's events, its coming session and its campaign, drawn with Pillow at seed time
(#25): sea, dunes and harbour lights in the colours of a discipline family. Abstract on purpose: no text in images (VISUAL.md)
and no photographs of real people. The same title always gives the same poster."""

from __future__ import annotations

import hashlib
import io
import random

from PIL import Image, ImageDraw

# Per discipline family: the poster's ground and its two accents (the families of Discipline.Family).
PALETTES: dict[str, tuple[str, str, str]] = {
    "performing": ("#9b2c5c", "#f2b134", "#fbe3c4"),
    "visual": ("#6b3fa0", "#f28c6b", "#f6e7d0"),
    "music": ("#1f5fa8", "#f2b134", "#cfe6f5"),
    "word": ("#7a4a12", "#f6d58e", "#fbf8f3"),
    "heritage": ("#55651c", "#e7c98a", "#f1ece2"),
    "media": ("#34505f", "#7fcbe3", "#f2b134"),
    "design": ("#a13d12", "#f1ece2", "#2f4858"),
    "production": ("#2b323b", "#f2b134", "#7fcbe3"),
}
SIZE = (960, 720)
#: The demo is in Dutch, its posters' description too (data, like the events' titles).
POSTER_ALT = "Poster: een zon boven duinen en golven, met de lichtjes van de haven"


def poster(title: str, family: str) -> bytes:
    """A PNG poster for an event called `title` in a discipline of `family`."""
    ground, accent, light = PALETTES.get(family, PALETTES["media"])
    rng = random.Random(hashlib.sha256(title.encode()).digest())
    width, height = SIZE
    image = Image.new("RGB", SIZE, ground)
    draw = ImageDraw.Draw(image)
    # The sun (or a stage light) somewhere in the upper half.
    radius = rng.randint(90, 170)
    x, y = rng.randint(radius, width - radius), rng.randint(radius, height // 2)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=accent)
    # Dunes and waves: bands across the lower half.
    for band in range(rng.randint(3, 5)):
        base = height // 2 + band * rng.randint(50, 90)
        amplitude, period = rng.randint(15, 45), rng.randint(160, 320)
        phase = rng.random() * period
        points = [(0, height)]
        for px in range(0, width + 20, 20):
            offset = (
                amplitude * (1 if ((px + phase) // period) % 2 else -1) * ((px + phase) % period) / period
            )
            points.append((px, base + offset))
        points.append((width, height))
        draw.polygon(points, fill=light if band % 2 else accent)
    # Harbour lights: a row of small dots.
    for _light in range(rng.randint(5, 11)):
        cx, cy, r = rng.randint(0, width), rng.randint(height // 3, height - 40), rng.randint(6, 14)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=light)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
