"""Dutch first, English complete: every msgid has a Dutch translation, and the committed .mo
matches the .po (a fresh machine needs no gettext)."""

from __future__ import annotations

import ast
import gettext
import re

from tests.servers import ROOT

PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.mo"


def entries() -> list[dict[str, object]]:
    """A small .po reader: msgid, msgid_plural and msgstr / msgstr[n], joined across lines."""
    found, current, key = [], {}, None
    for line in PO.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current:
                found.append(current)
            current, key = {}, None
            continue
        if line.startswith("#"):
            if line.startswith("#, ") and "fuzzy" in line:
                current["fuzzy"] = True
            continue
        match = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
        if match:
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return [entry for entry in found if entry.get("msgid")]


def test_every_message_has_a_dutch_translation():
    missing = []
    for entry in entries():
        strings = [value for key, value in entry.items() if key.startswith("msgstr")]
        if entry.get("fuzzy") or not strings or not all(strings):
            missing.append(entry["msgid"])
    assert missing == []


def test_the_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in entries():
        if "msgid_plural" in entry:
            assert catalogue.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"], entry[
                "msgid"
            ]
        else:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]
