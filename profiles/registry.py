"""What higher apps add to profiles, filled in their AppConfig.ready() (cmij/registry.py).

profiles imports no app but notifications; every app adds what it holds about a person (a member or
a guest), what must happen before an account is deleted, what merging disciplines must move, and
the apps above their sections of the profile page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from cmij.registry import Registry, Section


@dataclass(frozen=True)
class Held:
    """What an app holds about a person through one link: the foreign key, one-to-one or many-to-many
    field `link` of `model` to a member's account, their profile, or a guest (boards.Guest).

    A member's link is part of "download your data" under `key`: by default one row per object
    linked to the member (`model.objects.filter(link=user)`), each its "id" and `fields`, each a
    field's name or "name=lookup" (a lookup across relations, shown as `name`); `export(user)`
    instead, where the part is shaped otherwise. `unexported` says why a link is not in it (someone else's row, e.g. the notifications
    of what the member did); tests/profiles/test_personal_data.py holds both.
    When the account is deleted (profiles.services.member_delete) the link's `on_delete` acts (CASCADE:
    the rows go; SET_NULL: they stay, without the link), after `deleting(user=...)` where rows that
    stay must lose more (an idea's `author_name`).
    A guest's link has no export; `expiring(guests=...)` runs before a meeting's guests are removed
    (boards/tasks.py), where rows that stay must lose more than the link.
    """

    model: type[models.Model]
    link: str
    key: str = ""
    fields: tuple[str, ...] = ()
    export: Callable[[AbstractBaseUser], Any] | None = None
    unexported: str = ""
    deleting: Callable[..., None] | None = None
    expiring: Callable[..., None] | None = None

    @property
    def columns(self) -> dict[str, str]:
        """Name in the file -> field or lookup, from `fields`."""
        return {name: lookup or name for name, _, lookup in (item.partition("=") for item in self.fields)}


#: What each app holds about a person, link by link (filled by every app, itself included, in its
#: AppConfig.ready()): "download your data", account deletion and guests' expiry read it, and
#: tests/profiles/test_personal_data.py fails for a link to a member, profile or guest not in it.
personal_data: Registry[Held] = Registry("personal data")

#: (*, user) -> None: what else happens before an account goes, beyond the rows linked to it: names
#: typed by hand in texts that stay (a summary, a report-back) become a review item for their editors.
member_deleting: Registry[Callable[..., None]] = Registry("member deleting")

#: (*, keep_id, other_ids) -> None: run in disciplines_merge's transaction, before the others are deleted.
disciplines_merging: Registry[Callable[..., None]] = Registry("disciplines merging")

#: Section(template, context(request, profile)): parts of a profile page, after the profile itself.
profile_sections: Registry[Section] = Registry("profile sections")
