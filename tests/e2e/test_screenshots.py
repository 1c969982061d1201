"""`make screenshots`: its shooting function, on the demo data, writes the README's five pictures."""

from __future__ import annotations

from django.core.management import call_command
from PIL import Image

from cmij.screenshots import SCREENS, plan, shoot


def test_the_screenshots_are_the_five_screens_at_their_sizes_and_not_blank(browser, live_url, tmp_path):
    call_command("seed_demo", verbosity=0)

    written = shoot(browser, live_url, plan(), tmp_path)

    assert sorted(path.name for path in written) == sorted(screen.file for screen in SCREENS)
    for screen in SCREENS:
        path = tmp_path / screen.file
        with Image.open(path) as image:
            image.verify()  # a whole, valid PNG
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.size == (screen.width * screen.scale, screen.height * screen.scale), screen.file
            colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
            assert len(colours) > 32, f"{screen.file} is (nearly) blank: {len(colours)} colours"
        assert path.stat().st_size < 600_000, f"{screen.file} is {path.stat().st_size // 1024} KB"
