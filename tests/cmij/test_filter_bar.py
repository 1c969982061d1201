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
