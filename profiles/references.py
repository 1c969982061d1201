"""Members named in a text by reference, never by name (#28).

A summary's first draft writes `[[lid:42]]` (42: the member's account id) after each idea a member
wrote, and the summary's editor inserts the same for a member picked from a list. The stored text, and
the HTML made of it on every save (`Summary.text_html`, `ReportBack.text_html`), keep the reference.
A name typed by hand stays as typed: `name_typed_in` finds it for the review of a deleted member's
name (archive.services.name_review_add).
It becomes a name only when read: the member's current display name if the account is active and the
profile public, else "a participant". So a member who deletes the account or makes the profile
non-public is named nowhere any more, without a machine rewriting anyone's text.

`Names.of(*texts)` reads the names of every member the texts refer to in one query, so a page of
summaries costs one query however many references it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from profiles.models import Profile

#: A reference to a member: `[[lid:<account id>]]` ("lid" is Dutch for member).
REFERENCE = re.compile(r"\[\[lid:(\d{1,18})\]\]")
#: A tag of sanitised HTML (nh3 quotes every attribute value with ", in which a > may stand), or the
#: text between two tags: references are filled in the text only, never in an attribute, so a name
#: never becomes a link's address.
TAG_OR_TEXT = re.compile(r'<(?:[^>"]|"[^"]*")*>|[^<]+|<')


def member_reference(user_id: int) -> str:
    """What a text holds where it names a member."""
    return f"[[lid:{user_id}]]"


def referenced_ids(*texts: str) -> set[int]:
    return {int(found) for text in texts for found in REFERENCE.findall(text or "")}


class Names:
    """The names of the members some texts refer to, read once; fills references in text or HTML."""

    def __init__(self, names: dict[int, str]) -> None:
        self.names = names

    @classmethod
    def of(cls, *texts: str) -> Names:
        """One query, or none when the texts refer to no one."""
        return cls(shown_names(referenced_ids(*texts)))

    def name(self, user_id: int) -> str:
        return self.names.get(user_id) or _("a participant")

    def text(self, text: str) -> str:
        """Plain text with each reference a name (escaped later, by the template that shows it)."""
        return REFERENCE.sub(lambda found: self.name(int(found.group(1))), text or "")

    def html(self, sanitised_html: str) -> SafeString:
        """Sanitised HTML (cmij.text.markdown_html) with each reference in its text a name, escaped.

        Safe to mark safe: the HTML was sanitised, and what is added is escaped text, outside tags."""
        parts = TAG_OR_TEXT.findall(sanitised_html or "")
        filled = (
            part
            if part.startswith("<")
            else REFERENCE.sub(lambda found: escape(self.name(int(found[1]))), part)
            for part in parts
        )
        return mark_safe("".join(filled))


def name_typed_in(name: str, text: str) -> bool:
    """Does `name` stand in `text` as whole words, whatever its case and the spaces between its words
    ("Ria Verbeek" in "met ria  verbeek.", not in "Mariavan")? For a name typed by hand."""
    words = name.split()
    if not words:
        return False
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"
    return re.search(pattern, text or "", flags=re.IGNORECASE) is not None


def shown_names(user_ids: Iterable[int]) -> dict[int, str]:
    """Account id -> display name, for the active members with a public profile among them (one query)."""
    ids = set(user_ids)
    if not ids:
        return {}
    return dict(
        Profile.objects.filter(user_id__in=ids, user__is_active=True, public=True).values_list(
            "user_id", "display_name"
        )
    )


def references_in(text: str) -> list[tuple[str, str]]:
    """(reference, name as readers see it) of each member the text refers to, in the order of the ids:
    for its editor, who sees the references."""
    names = Names.of(text)
    return [(member_reference(user_id), names.name(user_id)) for user_id in sorted(referenced_ids(text))]


def nameable_members() -> list[tuple[str, str]]:
    """(reference, display name) of every member a text can name (active, public profile), by name:
    the list an editor picks from."""
    profiles = Profile.objects.filter(user__is_active=True, public=True).order_by("display_name", "pk")
    return [
        (member_reference(user_id), name) for user_id, name in profiles.values_list("user_id", "display_name")
    ]
