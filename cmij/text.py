"""User text: one place for each kind.

- A single line (a name, title, place): `single_line`, applied where it enters (the model fields of
  cmij.fields and the form fields of cmij.forms), so a crafted POST and a service call end the same.
- Any text the database must store: `validate_storable` refuses what it cannot (NUL, lone surrogates).
- Text that may carry formatting: Markdown, then nh3 with a short allow-list (`markdown_html`). The
  result is safe to mark safe: no script, no event handlers, no htmx attributes, no styles; links keep
  only http(s) and mailto and open with rel="noopener noreferrer nofollow".
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

#: Every line break and line or paragraph separator Unicode knows (str.splitlines() splits at these
#: and also at the file, group and record separators \x1c-\x1e, which are included too).
LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
LINE_BREAKS = re.compile(f"(?:{LINE_BREAK.pattern})+")
#: Bidirectional embedding, override and isolate controls: they let a name pose as another.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: What a database cannot store in a text column: NUL (PostgreSQL), and lone surrogates (no UTF-8).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def single_line(value: str) -> str:
    """A name, title or place as one line: every run of line breaks or separators one space, bidi
    override and isolate controls removed (they let a name pose as another)."""
    return BIDI_CONTROLS.sub("", LINE_BREAKS.sub(" ", value))


def plain_lines(value: str) -> str:
    """Multi-line text with every kind of line break as "\\n" (for a format that knows only that one)."""
    return LINE_BREAK.sub("\n", value)


def unstorable_shown(value: str) -> str:
    """Text sent back into a form as the person typed it, each character that cannot be stored (nor
    sent: a lone surrogate has no UTF-8) shown as the replacement character beside the field's error."""
    return UNSTORABLE.sub("\ufffd", value)


def validate_storable(value: object) -> None:
    """Refuse text the database cannot store, with the field's error instead of a crash on saving; a
    list (tags, links) is judged by its texts."""
    texts = value if isinstance(value, list | tuple) else [value]
    if any(isinstance(text, str) and UNSTORABLE.search(text) for text in texts):
        raise ValidationError(
            _("This text holds a character that cannot be stored (a NUL or a broken character)."),
            code="unstorable",
        )


HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", *HEADINGS}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


class _HeadingLevels(Treeprocessor):
    """The text's highest heading becomes `top`, the others keep their distance below it (at most
    h6): a text's headings continue the outline of the page it is shown on, whatever number of
    "#" its writer started with."""

    def __init__(self, md: markdown.Markdown, top: int) -> None:
        super().__init__(md)
        self.top = top

    def run(self, root) -> None:
        headings = [element for element in root.iter() if re.fullmatch(r"h[1-6]", str(element.tag))]
        if not headings:
            return
        shift = self.top - min(int(element.tag[1]) for element in headings)
        for element in headings:
            element.tag = f"h{min(6, int(element.tag[1]) + shift)}"


class _HeadingLevelsExtension(Extension):
    def __init__(self, top: int) -> None:
        super().__init__()
        self.top = top

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        md.treeprocessors.register(_HeadingLevels(md, self.top), "cmij_heading_levels", 5)


def markdown_html(text: str, *, top_heading: int = 3) -> str:
    """Markdown to sanitised HTML. Raw HTML in the text is escaped by nh3's allow-list. Its
    headings start at `top_heading`: 2 where the text follows the page's h1 (a summary), 3 where it
    sits in a section."""
    extensions = ["sane_lists", "nl2br", _HeadingLevelsExtension(top_heading)]
    rendered = markdown.markdown(text, extensions=extensions, output_format="html")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS - {f"h{level}" for level in range(1, top_heading)},  # none above the top
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(sanitised_html: str) -> str:
    """Rendered, sanitised HTML as plain text (for an excerpt, a feed, a search engine): the tags
    dropped and the entities decoded, so that the template's escaping is the only one."""
    return " ".join(html.unescape(strip_tags(sanitised_html)).split())


class _Blocks(HTMLParser):
    """The text of each paragraph, list item, quote and code block of sanitised HTML; headings left out."""

    BLOCKS = {"p", "li", "blockquote", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = []
        self.in_heading = 0

    def handle_starttag(self, tag, attrs):
        if tag in HEADINGS:
            self.in_heading += 1
        elif tag in self.BLOCKS:
            self.blocks.append([])

    def handle_endtag(self, tag):
        if tag in HEADINGS:
            self.in_heading -= 1

    def handle_data(self, data):
        if not self.in_heading and self.blocks:
            self.blocks[-1].append(data)


def excerpt_text(sanitised_html: str) -> str:
    """What a text says, for a list's excerpt: its paragraphs and list items as sentences, one after
    the other ("a; b; c."), without its headings."""
    parser = _Blocks()
    parser.feed(sanitised_html)
    parser.close()
    sentences = [" ".join("".join(block).split()) for block in parser.blocks]
    sentences = [sentence.rstrip(";,") for sentence in sentences if sentence]
    return " ".join(sentence if sentence[-1] in ".!?:" else sentence + "." for sentence in sentences)
