"""The Dutch message catalogue, read in pure Python (no gettext tools needed)."""

from __future__ import annotations

import ast
import re

from tests.helpers.servers import ROOT

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
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
        if match:
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return [entry for entry in found if entry.get("msgid")]
