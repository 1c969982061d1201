"""Members named by reference become names where a template shows the text (profiles/references.py).

    {% load references %}
    {{ summary.text_html|named_html:names }}    sanitised HTML, references filled, escaped
    {{ summary.excerpt|named:names }}           plain text, references filled (the template escapes)

`names` is a `Names` the view read for the whole page (one query); without it the filter reads the
names of its own text (one query per use).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from profiles.references import Names

register = template.Library()


def _names(names: Names | None, text: str) -> Names:
    return names if isinstance(names, Names) else Names.of(text)


@register.filter
def named_html(sanitised_html: str, names: Names | None = None) -> SafeString:
    return _names(names, sanitised_html).html(sanitised_html)


@register.filter
def named(text: str, names: Names | None = None) -> str:
    return _names(names, text).text(text)
