"""Text that tries to break out of its kind (#27): every line break and separator the issue names,
for tests that send each through a single-line field (tests/cmij/test_text_kinds.py, the emails)."""

from __future__ import annotations

#: The separators a single-line field turns into a space, by name (the tests' ids).
SEPARATORS = {
    "CR": "\r",
    "LF": "\n",
    "CRLF": "\r\n",
    "VT": "\x0b",
    "FF": "\x0c",
    "NEL": "\x85",
    "LINE SEPARATOR": "\u2028",
    "PARAGRAPH SEPARATOR": "\u2029",
}
