"""The XSS corpus through every user text field and every place it is shown, judged on the HTML (#14).

The corpus, the fields, the places and the rule are in tests/abuse/xss.py (its docstring states the
rule); this module runs them: one test per field, over all of that field's places.
"""

from __future__ import annotations

import json

import pytest

from tests.abuse import xss

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(120)]


def test_the_corpus_is_large_and_covers_every_kind():
    corpus = xss.payloads()
    assert len(corpus) >= 150
    assert len(set(corpus)) == len(corpus), "a payload is listed twice"
    for marker in (
        "<script",
        "onerror=",
        "javascript:",
        "data:text/html",
        "<svg",
        "](javascript:",
        "![",
        "hx-on",
        "hx-get",
        "{{",
        "{%",
    ):
        assert any(marker in payload for payload in corpus), marker


def test_every_place_of_every_field_is_registered():
    for name, spec in xss.FIELDS.items():
        assert spec.places, name
        assert set(spec.places) <= set(xss.PLACES), f"{name}: {set(spec.places) - set(xss.PLACES)}"
    shown = {place for spec in xss.FIELDS.values() for place in spec.places}
    assert shown == set(xss.PLACES), f"places no field shows: {set(xss.PLACES) - shown}"


@pytest.mark.parametrize("field_name", list(xss.FIELDS))
def test_no_payload_of_a_field_becomes_markup_anywhere_it_is_shown(field_name):
    accepted, documents, problems = xss.check_field(field_name, xss.payloads())
    assert accepted, f"{field_name} took none of the payloads: the test would prove nothing"
    assert documents
    assert problems == [], "\n".join(problems[:40])


def test_the_rule_catches_markup_that_got_through():
    """The rule itself: each kind of slip is caught against an escaped baseline."""
    baseline = '<div class="idea__text" hx-disable>Plek000xxxxxxx</div>'
    slips = [
        '<div class="idea__text" hx-disable><img src=x onerror=alert(1)></div>',
        '<div class="idea__text" hx-disable><a href=" jav&#x09;ascript:alert(1)">x</a></div>',
        '<div class="idea__text" hx-disable><script>alert(1)</script></div>',
        '<div class="idea__text" hx-disable><b hx-get="/" hx-trigger="load">x</b></div>',
        '<div class="idea__text" hx-disable x="">y</div>',
    ]
    for slip in slips:
        assert xss.html_problems(slip, baseline, rich=False), slip
    assert (
        xss.html_problems(baseline.replace("Plek000xxxxxxx", "&lt;b&gt;x&lt;/b&gt;"), baseline, rich=False)
        == []
    )
    rich = '<div class="user-text"><p><a href="https://example.org" rel="noopener">x</a></p></div>'
    assert xss.html_problems(rich, '<div class="user-text"><p>x</p></div>', rich=True) == []
    assert xss.html_problems(rich.replace("<p>", '<p hx-on:load="x">'), rich, rich=True)


def test_the_rule_reads_a_json_ld_block_by_its_structure():
    """A JSON-LD block may say anything in its strings; a `</script>` that ends it early leaves JSON
    that does not parse, and the script after it is a script the baseline does not have."""
    head = '<meta property="og:title" content="{}"><script type="application/ld+json">{}</script>'
    baseline = head.format(
        "Plek000xxxxxxxxxxxxxxxxxxxxx", '{"@type": "Event", "name": "Plek000xxxxxxxxxxxxxxxxxxx"}'
    )
    escaped = head.format(
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        '{"@type": "Event", "name": "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E"}',
    )
    assert xss.html_problems(escaped, baseline, rich=False) == []
    assert json.loads(xss.read(escaped).json_ld[0])["name"] == "</script><script>alert(1)</script>"
    broken = head.format("x", '{"@type": "Event", "name": "</script><script>alert(1)</script>"}')
    problems = xss.html_problems(broken, baseline, rich=False)
    assert any("JSON-LD does not parse" in problem for problem in problems), problems
    assert any("scripts differ" in problem for problem in problems), problems
    reshaped = head.format("x", '{"@type": "Event", "name": "x", "sameAs": ["https://evil.example/"]}')
    assert any("structure" in problem for problem in xss.html_problems(reshaped, baseline, rich=False))
    assert xss.html_problems(baseline.replace("<script type", "<script src=x type"), baseline, rich=False)


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//NL\r\nBEGIN:VEVENT\r\nUID:1@x\r\n"
    "SUMMARY:{}\r\nDTSTART:20300101T200000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
CALENDAR = {"content-type": "text/calendar; charset=utf-8", "x-content-type-options": "nosniff"}


def test_the_rule_catches_a_calendar_file_with_a_property_or_event_of_its_own():
    baseline = xss.Doc("base", ICS.format("Plek000xxxxxxxxxxxxxxx"), "ics", CALENDAR)
    escaped = xss.Doc(
        "ok", ICS.format("a\\nATTENDEE:mailto:kwaad@example.org\\; b\\\\n c\\, d"), "ics", CALENDAR
    )
    assert xss.ics_problems(escaped, baseline) == []
    assert xss.ics_values(escaped.content) == ["a\nATTENDEE:mailto:kwaad@example.org; b\\n c, d"]
    for injected in (
        "a\r\nATTENDEE:mailto:kwaad@example.org",
        "a\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2@x\r\nSUMMARY:nep",
        "a\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM",
    ):
        doc = xss.Doc("injected", ICS.format(injected), "ics", CALENDAR)
        assert any("differ from the baseline" in p for p in xss.ics_problems(doc, baseline)), injected
    assert xss.ics_problems(
        xss.Doc("html", baseline.content, "ics", {**CALENDAR, "content-type": "text/html"}), baseline
    )
    assert xss.ics_problems(xss.Doc("torn", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "ics", CALENDAR), baseline)


ATOM = (
    '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>CMIJ</title>'
    '<entry><title>{}</title><summary type="html">{}</summary></entry></feed>'
)
XML = {"content-type": "application/atom+xml; charset=utf-8"}


def test_the_rule_catches_an_atom_entry_that_carries_markup():
    baseline = xss.Doc("base", ATOM.format("Plek000xxxxxxx", "&lt;p&gt;Plek001xxxxx&lt;/p&gt;"), "atom", XML)
    fine = ATOM.format("&lt;script&gt;", "&lt;p&gt;&amp;lt;script&amp;gt;&lt;/p&gt;")
    assert xss.atom_problems(xss.Doc("ok", fine, "atom", XML), baseline) == []
    assert "<script>" in xss.atom_text(fine)
    for slip in (
        ATOM.format("x", "&lt;p&gt;&lt;img src=x onerror=alert(1)&gt;&lt;/p&gt;"),  # HTML that runs
        ATOM.format("x", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ATOM.format("<b>x</b>", "&lt;p&gt;x&lt;/p&gt;"),  # markup as XML: an element of its own
        ATOM.format("x</title><title>y", "x"),  # breaks the XML
        ATOM.format("x", "<p>x</p>"),
    ):
        assert xss.atom_problems(xss.Doc("slip", slip, "atom", XML), baseline), slip
