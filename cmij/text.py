"""User text that may carry formatting: Markdown, then nh3 with a short allow-list.

The result is safe to mark safe: no script, no event handlers, no htmx attributes, no styles;
links keep only http(s) and mailto and open with rel="noopener noreferrer nofollow".
"""

from __future__ import annotations

import html

import markdown
import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def markdown_html(text: str) -> str:
    """Markdown to sanitised HTML. Raw HTML in the text is escaped by nh3's allow-list."""
    rendered = markdown.markdown(text, extensions=["sane_lists", "nl2br"], output_format="html")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(sanitised_html: str) -> str:
    """Rendered, sanitised HTML as plain text (for an excerpt, a feed, a search engine): the tags
    dropped and the entities decoded, so that the template's escaping is the only one."""
    return " ".join(html.unescape(strip_tags(sanitised_html)).split())
