"""One filter bar (#25) for the callout feed, the directory, the agenda and the archive: the same form,
working the same with and without JavaScript, and a way back to everything while filters are set."""

from __future__ import annotations

import re

import pytest

from tests.helpers import factories
from tests.helpers.clients import HTMX, client_for

pytestmark = pytest.mark.django_db

LISTS = {
    "/oproepen/": ("feed-results", "zoek", "zoek=gitarist"),
    "/makers/": ("directory-results", "zoek", "zoek=gitarist"),
    "/agenda/": ("agenda-results", None, "gratis=on"),
    "/archief/": ("archive-results", "q", "q=podium"),
}


@pytest.mark.parametrize("path", list(LISTS))
def test_every_list_has_the_same_filter_bar(path):
    target, search, _query = LISTS[path]
    page = client_for(factories.MemberFactory()).get(path).content.decode()
    forms = re.findall(r'<form class="feed-filters filter-bar".*?</form>', page, re.DOTALL)
    assert len(forms) == 1, path
    form = forms[0]
    assert f'action="{path}"' in form and f'hx-get="{path}"' in form and 'method="get"' in form
    assert f'hx-target="#{target}"' in form and 'hx-push-url="true"' in form and 'role="search"' in form
    trigger = re.search(r'hx-trigger="([^"]*)"', form).group(1)
    expected = "change" + (f", input changed delay:300ms from:#id_{search}" if search else "") + ", submit"
    assert trigger == expected
    assert '<noscript><button type="submit">Filteren</button></noscript>' in form  # without JavaScript


@pytest.mark.parametrize("path", list(LISTS))
def test_a_filtered_list_offers_the_way_back_also_when_fetched_by_htmx(path):
    _target, _search, query = LISTS[path]
    client = client_for(factories.MemberFactory())
    unfiltered = client.get(path).content.decode()
    assert "Filters wissen" not in unfiltered
    for response in (client.get(f"{path}?{query}"), client.get(f"{path}?{query}", headers=HTMX)):
        assert f'<a href="{path}">Filters wissen</a>' in response.content.decode()


# Each list with several filters set, and the chips it shows for them: a choice of several (the
# disciplines) gives a chip per value.
CHIPS = {
    "/oproepen/": (
        "discipline=dans&discipline=theater&gemeente=velsen&zoek=gitarist",
        ["Discipline: Dans", "Discipline: Theater", "Gemeente: Velsen", "Zoeken: “gitarist”"],
    ),
    "/makers/": (
        "discipline=dans&niveau=amateur&samenwerken=on",
        ["Discipline: Dans", "Amateur of professional: Amateur", "Open voor samenwerking"],
    ),
    "/agenda/": (
        "gemeente=velsen&discipline=dans&van=2027-03-01&gratis=on",
        ["Gemeente: Velsen", "Discipline: Dans", "Van: 1 maart 2027", "Gratis toegang"],
    ),
    "/archief/": ("q=podium&gemeente=velsen", ["Zoeken: “podium”", "Gemeente: Velsen"]),
}
CHIP = re.compile(r'<a class="chip" href="([^"]*)">(.*?)<span aria-hidden="true"> ×</span>')


def chips_on(html: str) -> list[tuple[str, str]]:
    return [(href.replace("&amp;", "&"), text) for href, text in CHIP.findall(html)]


@pytest.mark.parametrize("path", list(CHIPS))
def test_each_filter_that_is_set_is_a_chip_that_removes_it_alone(path):
    query, texts = CHIPS[path]
    client = client_for(factories.MemberFactory())
    assert chips_on(client.get(path).content.decode()) == []
    for response in (client.get(f"{path}?{query}"), client.get(f"{path}?{query}", headers=HTMX)):
        chips = chips_on(response.content.decode())
        assert [text for _href, text in chips] == texts
    given = query.split("&")
    for (href, text), pair in zip(chips, given, strict=True):
        # The chip's link is the same list with that one value gone and every other one kept.
        assert href == f"{path}?{'&'.join(other for other in given if other != pair)}", text
        assert [shown for _h, shown in chips_on(client.get(href).content.decode())] == [
            shown for shown in texts if shown != text
        ]
