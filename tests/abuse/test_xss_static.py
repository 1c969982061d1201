"""The XSS corpus through every user text field and every place it is shown, judged on the HTML (#14).

The corpus, the fields, the places and the rule are in tests/abuse/xss.py (its docstring states the
rule); this module runs them: one test per field, over all of that field's places.
"""

from __future__ import annotations

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
