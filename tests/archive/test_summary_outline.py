"""A summary as a reader meets it (#25): on its page its headings continue the page's outline (h1,
then h2, h3: no level skipped, whatever number of "#" its writer used), and in the archive its excerpt
is what it says, not its headings and list items run together."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from archive import services as archive_services
from boards.identity import Participant
from profiles.references import Names
from tests.helpers import factories
from tests.helpers.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(meeting, board, organiser, facilitator, member):
    for n, text in enumerate(["Een open podium in de bibliotheek", "Oefenruimte delen met de muziekschool"]):
        factories.idea_on(board, Participant(user=member), text, client_msg_id=f"outline0000{n}")
    drafted = archive_services.meeting_close_and_draft(meeting=meeting, by=organiser)
    return archive_services.summary_publish(summary=drafted, by=facilitator)


def headings(html: str) -> list[int]:
    main = html[html.index("<main") :]
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]


def test_the_summary_page_skips_no_heading_level(summary):
    levels = headings(client_for().get(summary.get_absolute_url()).content.decode())
    assert levels[0] == 1 and 2 in levels
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False)), levels


@pytest.mark.parametrize("text", ["# Kop\n\n## Onder\n\nTekst.", "#### Kop\n\n##### Onder\n\nTekst."])
def test_a_writers_own_headings_start_below_the_title(summary, facilitator, text):
    saved = archive_services.summary_save(
        summary=summary, by=facilitator, text=text, topics=[], new_topics=[], base_version=summary.version
    )
    assert "<h2>Kop</h2>" in saved.text_html and "<h3>Onder</h3>" in saved.text_html


def test_the_archive_excerpt_is_the_text_not_the_headings(summary, board):
    excerpt = summary.excerpt
    assert excerpt.startswith("Oefenruimte delen met de muziekschool") or excerpt.startswith(
        "Een open podium"
    )
    assert board.title not in excerpt  # the board's and the column's headings are left out
    # Each idea a sentence of its own, not run into the next.
    assert re.search(r"muziekschool[^.]*\. ", excerpt) or re.search(r"bibliotheek[^.]*\. ", excerpt), excerpt
    page = client_for().get(reverse("archive:archive")).content.decode()
    with translation.override("nl"):  # the idea's author, by reference, read as the page reads it
        shown = Names.of(excerpt).text(excerpt)
    assert " ".join(shown.split()[:10]) in page.replace("&#x27;", "'")
