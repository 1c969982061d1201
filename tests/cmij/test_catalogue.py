"""Dutch first, English complete: every msgid has a Dutch translation, and the committed .mo
matches the .po (a fresh machine needs no gettext). The source side too: every message the code and
the templates ask for is in the Dutch catalogue, found the way `make messages` finds them (Django's own
templatize for templates, the gettext keywords for Python), in pure Python."""

from __future__ import annotations

import ast
import gettext
import re

from django.utils.translation.template import templatize

from tests.helpers.catalogue import MO, PO, entries
from tests.helpers.servers import ROOT


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


def test_the_catalogue_keeps_no_obsolete_entries():
    """makemessages comments out a msgid the source no longer uses (`#~`); it is dropped, not kept."""
    obsolete = [line for line in PO.read_text(encoding="utf-8").splitlines() if line.startswith("#~")]
    assert obsolete == []


# What `make messages` reads: our apps and templates, as html, txt, py and md.
SOURCES = [
    "cmij",
    "notifications",
    "profiles",
    "boards",
    "archive",
    "teams",
    "callouts",
    "agenda",
    "realtime",
    "templates",
]
TEMPLATE_SUFFIXES = {".html", ".txt", ".md"}

# The keywords makemessages passes to xgettext, with where the context, msgid and plural sit.
# Each maps to (context index or None, msgid index, plural index or None).
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}

# templatize writes each translation as a call with repr'd (u-prefixed) literals among blanked-out text.
_LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_TEMPLATE_CALL = re.compile(rf"\b(gettext|pgettext|ngettext|npgettext|_)\(\s*((?:{_LITERAL}\s*,?\s*)+)")

Message = tuple[str | None, str, str | None]  # (context, msgid, plural)


def _message(keyword: str, strings: list[str | None]) -> Message | None:
    context, singular, plural = KEYWORDS[keyword]
    wanted = [index for index in (context, singular, plural) if index is not None]
    if len(strings) <= max(wanted) or any(strings[index] is None for index in wanted):
        return None  # not all literals: xgettext cannot read it either
    return (
        strings[context] if context is not None else None,
        strings[singular],
        strings[plural] if plural is not None else None,
    )


def template_messages(text: str, origin: str = "") -> list[Message]:
    found = []
    for call in _TEMPLATE_CALL.finditer(templatize(text, origin=origin)):
        strings = [ast.literal_eval(literal) for literal in re.findall(_LITERAL, call.group(2))]
        message = _message(call.group(1), strings)
        if message:
            found.append(message)
    return found


def python_messages(text: str, origin: str = "") -> list[Message]:
    found = []
    for node in ast.walk(ast.parse(text, filename=origin)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        )
        if name not in KEYWORDS:
            continue
        strings = [
            arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            for arg in node.args
        ]
        message = _message(name, strings)
        if message:
            found.append(message)
    return found


def source_messages() -> dict[Message, list[str]]:
    """Every message the source asks for, with where it is asked."""
    found: dict[Message, list[str]] = {}
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix == ".py" and "migrations" not in path.parts:
                messages = python_messages(path.read_text(encoding="utf-8"), str(path))
            elif path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                messages = template_messages(path.read_text(encoding="utf-8"), str(path))
            else:
                continue
            for message in messages:
                found.setdefault(message, []).append(str(path.relative_to(ROOT)))
    return found


def dutch_messages() -> set[Message]:
    """The messages the Dutch catalogue translates (empty and fuzzy ones do not count)."""
    translated = set()
    for entry in entries():
        strings = [value for key, value in entry.items() if key.startswith("msgstr")]
        if strings and all(strings) and not entry.get("fuzzy"):
            translated.add((entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural")))
    return translated


def test_every_message_the_source_uses_has_a_dutch_translation():
    dutch = dutch_messages()
    missing = {message: where for message, where in source_messages().items() if message not in dutch}
    assert not missing, (
        "Not in locale/nl (run `make messages` and translate, or add to the strings file):\n"
        + "\n".join(
            f"  {msgid!r}{f' / {plural!r}' if plural else ''}{f' (context {context!r})' if context else ''}"
            f" in {', '.join(sorted(set(where)))}"
            for (context, msgid, plural), where in sorted(missing.items(), key=str)
        )
    )


def test_the_source_scan_finds_every_kind_of_template_tag():
    """The extractor itself: each tag form makemessages knows, and nothing that is not marked."""
    template = """{% load i18n %}<p>Loose text</p>
    {% translate "Inline" %} {% trans 'Old inline' %} {% translate "With context" context "menu" %}
    {% blocktranslate %}Hello {{ name }}, 100%{% endblocktranslate %}
    {% blocktrans trimmed with n=count %}
        One line
        and another {{ n }}
    {% endblocktrans %}
    {% blocktranslate count counter=items|length trimmed %}
        {{ counter }} idea
    {% plural %}
        {{ counter }} ideas
    {% endblocktranslate %}
    {% blocktranslate context "agenda" %}Event{% endblocktranslate %}
    {{ value|default:_("Nothing") }}{% comment %}{% translate "Commented out" %}{% endcomment %}"""
    assert sorted(template_messages(template), key=str) == sorted(
        [
            (None, "Inline", None),
            (None, "Old inline", None),
            ("menu", "With context", None),
            (None, "Hello %(name)s, 100%%", None),
            (None, "One line and another %(n)s", None),
            (None, "%(counter)s idea", "%(counter)s ideas"),
            ("agenda", "Event", None),
            (None, "Nothing", None),
        ],
        key=str,
    )


def test_the_source_scan_finds_every_gettext_keyword_in_python():
    module = """
from django.utils import translation
from django.utils.translation import gettext as _, gettext_lazy, ngettext, npgettext, pgettext_lazy
A = _("One")
B = gettext_lazy("Two")
C = ngettext("%(n)s idea", "%(n)s ideas", n)
D = pgettext_lazy("month", "May")
E = npgettext("team", "%(n)s member", "%(n)s members", n)
F = translation.gettext("Three")
G = _(variable)
H = print("Not a message")
"""
    assert python_messages(module) == [
        (None, "One", None),
        (None, "Two", None),
        (None, "%(n)s idea", "%(n)s ideas"),
        ("month", "May", None),
        ("team", "%(n)s member", "%(n)s members"),
        (None, "Three", None),
    ]
