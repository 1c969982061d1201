"""What higher apps add to profiles, filled in their AppConfig.ready() (cmij/registry.py).

profiles imports no app but notifications; the apps above it add their part of a member's data,
what must happen before an account is deleted, what merging disciplines must move, and their
sections of the profile page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from cmij.registry import Registry, Section

#: (user) -> {key: data}: each app's part of "download your data".
member_data: Registry[Callable[[AbstractBaseUser], dict[str, Any]]] = Registry("member data")

#: (*, user) -> None: run in member_delete's transaction before the account goes (rows that stay,
#: nameless, are made nameless here; rows that go with the account go by their foreign keys).
member_deleting: Registry[Callable[..., None]] = Registry("member deleting")

#: (*, keep_id, other_ids) -> None: run in disciplines_merge's transaction, before the others are deleted.
disciplines_merging: Registry[Callable[..., None]] = Registry("disciplines merging")

#: Section(template, context(request, profile)): parts of a profile page, after the profile itself.
profile_sections: Registry[Section] = Registry("profile sections")
