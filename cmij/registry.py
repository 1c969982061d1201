"""Registries: how a higher app adds to a lower app without the lower app importing it.

A lower app declares a `Registry` in its `registry.py` ("what higher apps add here"); a higher app
fills it in its `AppConfig.ready()`. The lower app then calls what was added, in the order the apps
are listed in INSTALLED_APPS. No signals, and no imports inside functions to dodge a cycle
(docs/architecture.md, "Layers").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered list of what higher apps added; `add` returns its argument, so it can decorate."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._items: list[T] = []

    def add(self, item: T) -> T:
        if item not in self._items:  # ready() may run twice in tests that reload apps
            self._items.append(item)
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items))

    def __repr__(self) -> str:
        return f"<Registry {self.what}: {len(self._items)}>"


@dataclass(frozen=True)
class Section:
    """A part of a lower app's page, rendered from a higher app's template. `context` returns the
    template's context, or None when the part shows nothing for this request. Sections show in the
    order of `position`, then in the order they were added."""

    template: str
    context: Callable[..., dict[str, Any] | None]
    position: int = 0


def render_sections(sections: Registry[Section], request: HttpRequest, *args: Any) -> list[SafeString]:
    """The sections that show something, rendered in order (each with the request, so csrf_token,
    `user` and `perms` work as on the page itself)."""
    rendered = []
    for section in sorted(sections, key=lambda section: section.position):
        context = section.context(request, *args)
        if context is not None:
            rendered.append(render_to_string(section.template, context, request=request))
    return rendered
