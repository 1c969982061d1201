"""Forms and pages as a reader relies on them (#25): labels without a trailing colon, no blank
"---------" choice in a radio list, an id names one element (a label finds its own field), and a `<time datetime>` is a valid datetime (whole seconds, not Python's
microseconds), in both languages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse

from boards.identity import Participant
from tests.helpers import factories
from tests.helpers.clients import client_for

pytestmark = pytest.mark.django_db

# HTML's valid date string, or valid global date and time string (seconds with at most 3 decimals).
VALID_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?")


def test_every_time_element_carries_a_valid_datetime(member):
    callout = factories.post(member, title="Gezocht: een lichttechnicus")
    assert callout.created_at.microsecond  # what made the value invalid before
    for language in ("nl", "en"):
        client = client_for(member, language=language)
        for page in (reverse("callouts:feed"), callout.get_absolute_url()):
            values = re.findall(r'<time datetime="([^"]*)"', client.get(page).content.decode())
            assert values, page
            for value in values:
                assert VALID_DATETIME.fullmatch(value), (language, page, value)


def test_no_template_writes_a_datetime_with_its_fraction():
    """`|date:'c'` writes microseconds; templates use MACHINE_DATETIME (cmij/formats)."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    for template in templates.rglob("*.html"):
        assert "date:'c'" not in template.read_text() and 'date:"c"' not in template.read_text(), template


def test_no_id_is_used_twice_on_the_facilitators_board_page(board, facilitator, member):
    """The panel holds the board settings and the new-column form, both with a `title`: the column
    field had the settings' id, so its label named the board's title field."""
    factories.idea_on(board, Participant(user=member), "Een idee", client_msg_id="dubbel000001")
    for who in (facilitator, member):
        html = client_for(who).get(reverse("boards:board", args=[board.pk])).content.decode()
        # A <template>'s content is not in the document (the my-state's copies of one's own controls).
        in_document = re.sub(r"<template\b.*?</template>", "", html, flags=re.S)
        ids = Counter(re.findall(r'\sid="([^"]+)"', in_document))
        assert [name for name, count in ids.items() if count > 1] == [], who
        assert 'for="id_prompt_title"' in html or who == member


FORMS = ("/oproepen/nieuw/", "/makers/profiel/", "/agenda/nieuw/", "/bijeenkomsten/nieuw/", "/meedoen/")


def test_labels_end_without_a_colon_and_radio_lists_offer_no_blank_choice(organiser):
    client = client_for(organiser)
    radios = 0
    for page in FORMS:
        html = client.get(page).content.decode()
        labels = re.findall(r"<(?:label|legend)[^>]*>([^<]*)</(?:label|legend)>", html)
        assert labels, page
        assert [label for label in labels if label.strip().endswith(":")] == [], page
        radios += len(re.findall(r'type="radio"', html))
        assert not re.search(r'type="radio"[^>]*value=""', html), page
    assert radios  # the callout's kind is one
