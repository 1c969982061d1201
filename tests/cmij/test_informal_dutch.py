"""The same "je" everywhere (#25): no Dutch string of ours speaks to someone as "u" or "uw"; a line
here catches the first formal sentence before anyone reads it."""

from __future__ import annotations

import re

from tests.helpers.catalogue import entries

FORMAL = re.compile(r"(?<![\w.])(u|uw|U|Uw|UW)(?![\w.])")


def dutch_strings() -> list[str]:
    return [
        value
        for entry in entries()
        for key, value in entry.items()
        if key.startswith("msgstr") and isinstance(value, str)
    ]


def test_no_dutch_string_says_u():
    formal = [text for text in dutch_strings() if FORMAL.search(text)]
    assert formal == [], formal


def test_the_check_finds_u_and_leaves_je_and_abbreviations_alone():
    assert FORMAL.search("Wilt u uw wachtwoord wijzigen?")
    assert FORMAL.search("Uw profiel")
    assert not FORMAL.search("Wil je je wachtwoord wijzigen? Neem a.u.b. contact op.")
    assert not FORMAL.search("Uur, uit, duur")
