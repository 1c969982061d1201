"""The XSS corpus cannot miss a field (#27): every user text field of every model of our apps is
written by an entry of tests/abuse/xss.py's FIELDS (its `covers`) or exempt there (EXEMPT, with the
reason), and neither names a field that is no longer there.

"User text field": a CharField, TextField, URLField or JSONField, or a subclass of one (cmij.fields'
SingleLineField and MultiLineField, SlugField, EmailField), of a model whose app is one of xss.APPS.
"""

from __future__ import annotations

import pytest

from tests.abuse import xss

pytestmark = [pytest.mark.abuse, pytest.mark.timeout(60)]


def test_every_user_text_field_of_every_model_is_in_the_xss_registry():
    registered, exempt = xss.registered_fields(), set(xss.EXEMPT)
    missing = [name for name in xss.text_fields() if name not in registered | exempt]
    assert missing == [], (
        f"{len(missing)} user text fields are neither written by the XSS corpus (an entry of "
        "tests/abuse/xss.py's FIELDS whose `covers` names it) nor exempt (xss.EXEMPT, with the "
        "reason):\n  " + "\n  ".join(missing)
    )


def test_the_xss_registry_names_no_field_that_is_gone():
    there = set(xss.text_fields())
    stale = sorted((xss.registered_fields() | set(xss.EXEMPT)) - there)
    assert stale == [], (
        "tests/abuse/xss.py names model fields that are no longer user text fields of our models "
        "(renamed, removed, or no longer text): take them out of FIELDS' `covers` or EXEMPT:\n  "
        + "\n  ".join(stale)
    )


def test_an_xss_exemption_is_not_also_registered_and_says_why():
    both = sorted(xss.registered_fields() & set(xss.EXEMPT))
    assert both == [], f"both written by the corpus and exempt: {both}"
    for name, reason in xss.EXEMPT.items():
        assert len(reason.split()) >= 3, f"{name}: say why it needs no payloads ({reason!r})"
    for name, spec in xss.FIELDS.items():
        assert spec.covers, f"{name} covers no model field"


def test_the_xss_walk_sees_subclasses_of_the_text_fields():
    """isinstance, not the exact type: cmij.fields' kinds of text, and Django's own subclasses."""
    fields = set(xss.text_fields())
    for name in (
        "callouts.Callout.title",  # SingleLineField (a CharField)
        "callouts.Callout.body",  # MultiLineField (a TextField)
        "callouts.Callout.hidden_reason",  # MultiLineCharField
        "boards.Meeting.slug",  # SlugField
        "profiles.Profile.website",  # URLField
        "profiles.Profile.links",  # JSONField
        "agenda.Source.name",
    ):
        assert name in fields, name
