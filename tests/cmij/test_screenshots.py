"""The README shows the pictures `make screenshots` takes, and the command keeps to its promises
(the browser run itself: tests/e2e/test_screenshots.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cmij import screenshots
from cmij.screenshots import SCREENS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Markdown images and HTML <img>, both with a relative path.
IMAGE_LINKS = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)|<img\b[^>]*\bsrc=\"([^\"]+)\"", README)
IMAGES = [markdown or html for markdown, html in IMAGE_LINKS]


def test_every_screen_the_command_shoots_is_shown_in_the_readme():
    shown = {
        path.removeprefix("docs/screenshots/") for path in IMAGES if path.startswith("docs/screenshots/")
    }
    missing = {screen.file for screen in SCREENS} - shown
    assert not missing, f"README.md does not show {sorted(missing)}"


def test_the_readmes_pictures_exist():
    assert IMAGES, "README.md shows no pictures"
    for path in IMAGES:
        assert not re.match(r"[a-z]+://|/", path), f"{path}: link pictures relatively, from docs/screenshots/"
        assert (ROOT / path).is_file(), f"README.md shows {path}, which does not exist"


def test_make_run_and_make_test_stay_the_first_things_the_readme_shows():
    first_block = re.search(r"```\w*\n(.*?)```", README, re.DOTALL)
    commands = [line.split()[:2] for line in first_block.group(1).splitlines() if line.strip()]
    assert commands[:2] == [["make", "run"], ["make", "test"]]
    assert first_block.end() < min(README.index(path) for path in IMAGES)
    assert "make screenshots" in README


def test_make_screenshots_is_a_phony_target_that_runs_the_command():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE).group(1).split()
    assert "screenshots" in phony
    recipe = re.search(r"^screenshots:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "-m cmij.screenshots" in recipe


def test_without_chromium_it_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(screenshots, "CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(SystemExit, match=re.escape("apt-get install -y chromium")):
        screenshots.chromium_path()


def test_without_chromiums_dutch_it_says_how_to_install_it(monkeypatch, tmp_path):
    chromium = tmp_path / "chromium"
    chromium.touch()
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "en-US.pak").touch()
    monkeypatch.setattr(screenshots, "CHROMIUM", str(chromium))
    monkeypatch.setattr(screenshots, "CHROMIUM_LOCALES", tmp_path / "locales")
    with pytest.raises(SystemExit, match=re.escape("apt-get install -y chromium-l10n")):
        screenshots.chromium_path()
    (tmp_path / "locales" / "nl.pak").touch()
    assert screenshots.chromium_path() == str(chromium)


def test_it_works_on_a_throwaway_database_never_the_developers(tmp_path):
    env = screenshots.throwaway_environment(tmp_path, "http://127.0.0.1:8123")
    assert env["DATABASE_URL"] == f"sqlite:///{tmp_path}/screenshots.sqlite3"
    assert str(tmp_path) in env["CMIJ_MEDIA_ROOT"]
