"""Members named by reference (profiles/references.py, #28): a reference becomes the current public
name, escaped, and only in text: never in an attribute, where a name could become a link's address."""

from __future__ import annotations

import pytest
from django.utils import translation

from cmij.text import markdown_html
from profiles import services as profile_services
from profiles.references import Names, member_reference, referenced_ids
from tests.helpers.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_reference_is_filled_in_text_never_in_an_attribute():
    names = Names({4: "javascript:alert(1)", 5: 'A "B" & <C>'})
    html = markdown_html('[link]([[lid:4]]) [x](https://example.nl "[[lid:5]]") en [[lid:5]]')
    filled = names.html(html)
    assert "javascript:" not in filled.split("</a>")[0]  # the href keeps the reference
    assert 'href="[[lid:4]]"' in filled and 'title="[[lid:5]]"' in filled
    assert "en A &quot;B&quot; &amp; &lt;C&gt;</p>" in filled  # the text's reference, escaped


def test_an_unknown_inactive_or_non_public_member_is_a_participant():
    public, hidden, gone = (
        MemberFactory(display_name="Pia"),
        MemberFactory(display_name="Henk"),
        MemberFactory(),
    )
    profile_services.profile_update(profile=public.profile, public=True)
    profile_services.profile_update(profile=gone.profile, public=True)
    gone.is_active = False
    gone.save()
    text = " ".join(member_reference(user.pk) for user in (public, hidden, gone)) + " [[lid:999999]]"
    assert referenced_ids(text) == {public.pk, hidden.pk, gone.pk, 999999}
    with translation.override("en"):
        assert Names.of(text).text(text) == "Pia a participant a participant a participant"
    with translation.override("nl"):
        assert Names.of(text).text(text) == "Pia een deelnemer een deelnemer een deelnemer"
