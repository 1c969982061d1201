"""The browser's glue, in Python: apply pushed board fragments to an earlier render of a page the way
htmx's ws extension and static/js/cmij.js do, and read a page as what a person sees of the board.

What it does, step by step as the browser does (tests/e2e/test_live_order.py runs the same
comparison with the real htmx and cmij.js):

- a message with several events (the hub joined them) taken apart where each seq marker starts,
  each event then taken on its own, in order;
- a pushed fragment's seq marker: skipped when seen already, refused when `prev` is not the seq
  the page has (the glue would resume instead: a gap is a bug here);
- `ensureTargets`: a card new to the page gets an empty element at the end of its container, a card
  whose container changed is moved to the end of its new one;
- htmx's ws extension: every top-level element of the message is swapped by id (`hx-swap-oob`,
  outerHTML), an element with no target on the page is dropped;
- an htmx answer to a person's own action: its `hx-swap-oob` parts by id, the rest into the target;
- one person's own state, fetched when a push changed it (`refetchPersonal`: the votes per
  participant changed, an idea I voted for left the page, an idea of mine waiting for approval came);
- after every change (and on load): `reorder` (each `.column__ideas[data-order]` by data-pinned,
  data-votes and the idea id in the card's id), `markEmpty` (a container's "nothing here" note) and `applyMyState`
  (own and voted controls shown or hidden).

`board_view(page)` is the page as a person sees the board: an ordered list of cards (id, container,
text, counts and badges, visible controls) and the board's other live regions. Only the elements the
board's live parts touch are read; the facilitation panel and the forms are not compared.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None

    # --- reading ----------------------------------------------------------------------------------
    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    def elements(self) -> list[Element]:
        return [child for child in self.children if isinstance(child, Element)]

    def walk(self):
        """Every element below, as the browser's DOM has them: a template's content is not in it."""
        for child in self.elements():
            yield child
            if child.tag != "template":
                yield from child.walk()

    def clone(self) -> Element:
        copy = Element(self.tag, dict(self.attrs))
        for child in self.children:
            if isinstance(child, Element):
                copy.append(child.clone())
            else:
                copy.children.append(child)
        return copy

    def find(self, element_id: str) -> Element | None:
        return next((el for el in self.walk() if el.id == element_id), None)

    def select(self, predicate) -> list[Element]:
        return [el for el in self.walk() if predicate(el)]

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    def text(self, *, visible_only: bool = True) -> str:
        parts: list[str] = []

        def collect(node: Element) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif not (visible_only and "hidden" in child.attrs) and child.tag not in {
                    "script",
                    "style",
                    "template",
                }:
                    collect(child)

        collect(self)
        return " ".join("".join(parts).split())

    def shown(self) -> bool:
        node: Element | None = self
        while node is not None:
            if "hidden" in node.attrs:
                return False
            node = node.parent
        return True

    # --- changing ---------------------------------------------------------------------------------
    def remove(self) -> None:
        if self.parent is not None:
            self.parent.children.remove(self)
            self.parent = None

    def append(self, child: Element) -> None:
        child.remove()
        child.parent = self
        self.children.append(child)

    def insert_before(self, child: Element, before: Element | None) -> None:
        if child is before:
            return
        child.remove()
        child.parent = self
        self.children.insert(self.children.index(before) if before is not None else len(self.children), child)

    def replace_with(self, other: Element) -> None:
        parent = self.parent
        assert parent is not None
        other.remove()
        parent.children[parent.children.index(self)] = other
        other.parent = parent
        self.parent = None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value if value is not None else "" for name, value in attrs})
        self.stack[-1].append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    """A document (or a fragment's top-level elements) under a #root element."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


# --- the glue ------------------------------------------------------------------------------------

MARKER = re.compile(
    r'^<div id="board-(\d+)-seq" data-board="\d+" data-seq="(\d+)" data-prev="(\d*)"( data-snapshot="1")?'
)


# cmij.js's EVENT_START: where each event of a message the hub joined starts.
EVENT_START = re.compile(r'(?=<div id="board-\d+-seq" data-board=")')


class Gap(AssertionError):
    """A push whose `prev` is not what the page has: the real glue would drop it and resume."""


class Page:
    """One page as a browser holds it after load, ready to take pushes and answers."""

    def __init__(self, html: str, fetch: Callable[[str], str] | None = None) -> None:
        """`fetch(url)`: what a GET of that URL answers this page (its person's own state)."""
        self.fetch = fetch
        self.root = parse(html)
        served = [card.id for card in cards(self.root)]
        after_change(self.root)
        # The glue reorders on load too: its rule and the server's (selectors.display_key) must agree.
        assert [card.id for card in cards(self.root)] == served, "the glue reorders what the server rendered"

    def seq(self, board_id: str) -> int:
        marker = self.root.find(f"board-{board_id}-seq")
        return int(marker.attrs["data-seq"]) if marker is not None else 0

    def boards(self) -> list[str]:
        """The boards this page follows live (the projector with breakouts has several)."""
        return [el.attrs["data-board"] for el in self.root.select(lambda el: el.has_class("board"))]

    def push(self, message: str) -> None:
        """A message from the board's socket (htmx:wsBeforeMessage, the ws extension's swap, afterChange);
        one that carries several events (the hub joined them) is taken apart first, as cmij.js does."""
        events = [message]
        if message.startswith('<div id="board-'):
            events = [part for part in EVENT_START.split(message) if part]
        for event in events:
            self._push_one(event)

    def _push_one(self, message: str) -> None:
        match = MARKER.match(message)
        if match:
            board, seq, prev, snapshot = match[1], int(match[2]), match[3], bool(match[4])
            have = self.seq(board)
            if not snapshot:
                if seq <= have:
                    return
                if (int(prev) if prev else None) != have:
                    raise Gap(f"board {board}: push {seq} after {prev or 'none'}, the page has {have}")
        fragment = parse(message)
        ensure_targets(self.root, fragment)
        before = personal_state(self.root)
        named = {child.id for child in fragment.elements()}  # before the swaps move them into the page
        for child in fragment.elements():
            oob_swap(self.root, child, child.attrs.get("hx-swap-oob") or "true")
        after_change(self.root)
        for url in stale_personal(self.root, before, named):
            assert self.fetch is not None, f"the page would fetch {url}"
            self.answer(self.fetch(url), target="", swap="none")

    def answer(self, html: str, *, target: str, swap: str = "outerHTML") -> None:
        """An htmx answer to this page's own request: out-of-band parts by id, the rest into `target`."""
        fragment = parse(html)
        ensure_targets(self.root, fragment)
        for child in fragment.elements():
            if "hx-swap-oob" in child.attrs:
                oob_swap(self.root, child, child.attrs["hx-swap-oob"])
        rest = fragment.elements()
        if swap != "none" and rest:
            assert swap == "outerHTML" and len(rest) == 1, (swap, [el.id for el in rest])
            old = self.root.find(target)
            assert old is not None, target
            old.replace_with(rest[0])
        after_change(self.root)


def _words(element: Element, name: str) -> list[str]:
    return (element.attrs.get(name) or "").split()


def _card_shown(root: Element, idea_id: str) -> bool:
    card = root.find(f"idea-{idea_id}")
    return card is not None and "hidden" not in card.attrs and _is_card(card)


def _is_card(element: Element) -> bool:
    """cmij.js isCard: an idea's card, not the stub left where one was removed."""
    return element.tag == "article" and element.has_class("idea") and not element.has_class("idea--gone")


def _idea_id(card: Element) -> str:
    return (card.id or "").removeprefix("idea-")


def _votes_per(root: Element, state: Element) -> str | None:
    header = root.find(state.id.removesuffix("-me") + "-header")
    return header.attrs.get("data-votes-per-participant") if header is not None else None


def personal_state(root: Element) -> dict[str, tuple]:
    """cmij.js personalState: before a push, what a push may change of one person's own state."""
    return {
        state.id: (
            _votes_per(root, state),
            [i for i in _words(state, "data-voted") if _card_shown(root, i)],
            [i for i in _words(state, "data-pending") if not _card_shown(root, i)],
        )
        for state in root.select(lambda el: el.has_class("my-state") and "data-refetch" in el.attrs)
    }


def stale_personal(root: Element, before: dict[str, tuple], named: set[str]) -> list[str]:
    """cmij.js refetchPersonal: the my-state URLs the page fetches after a push naming the ids `named`."""
    urls = []
    for state in root.select(lambda el: el.has_class("my-state") and "data-refetch" in el.attrs):
        if state.id not in before:
            continue
        per, voted, pending = before[state.id]
        gone = any(not _card_shown(root, i) for i in voted)
        left_queue = any(f"idea-{i}" in named for i in pending)  # approved, or rejected
        if _votes_per(root, state) != per or gone or left_queue:
            urls.append(state.attrs["data-refetch"])
    return urls


def ensure_targets(root: Element, fragment: Element) -> None:
    for child in fragment.elements():
        container_id = child.attrs.get("data-container")
        if not child.id or not container_id:
            continue
        container = root.find(container_id)
        if container is None:
            continue
        existing = root.find(child.id)
        if existing is None:
            container.append(Element(child.tag, {"id": child.id}))
        elif existing.parent is not container:
            container.append(existing)


def oob_swap(root: Element, element: Element, how: str) -> None:
    if how not in {"true", "outerHTML"}:
        raise NotImplementedError(f"hx-swap-oob={how!r}")
    target = root.find(element.id) if element.id else None
    if target is not None:  # htmx drops a part with no target (htmx:oobErrorNoTarget)
        target.replace_with(element)


def after_change(root: Element) -> None:
    for container in root.select(lambda el: el.has_class("column__ideas") and "data-order" in el.attrs):
        reorder(container)
    mark_empty(root)
    apply_my_state(root)


def mark_empty(root: Element) -> None:
    """cmij.js markEmpty: a note of an empty container shows when it has no visible card."""
    for note in root.select(lambda el: "data-empty-for" in el.attrs):
        container = root.find(note.attrs["data-empty-for"])
        if container is not None:
            has_cards = any(_is_card(el) and "hidden" not in el.attrs for el in container.elements())
            _set_hidden(note, has_cards)


def _key(element: Element, order: str):
    if not _is_card(element):
        return (1,)  # a stub of a card gone: after the cards
    pinned = 0 if element.attrs.get("data-pinned") == "1" else 1
    created = int(_idea_id(element))
    if order == "newest":
        return (0, pinned, -created)
    if order == "votes":
        return (0, pinned, -int(element.attrs.get("data-votes") or 0), created)
    return (0, pinned, created)


def reorder(container: Element) -> None:
    """cmij.js reorder: a stable sort of the container's elements by the cards' data attributes."""
    order = container.attrs["data-order"]
    elements = sorted(container.elements(), key=lambda el: _key(el, order))
    texts = [child for child in container.children if isinstance(child, str)]
    container.children = [*elements, *texts]


def apply_my_state(root: Element) -> None:
    """cmij.js applyMyState: one person's own part of a card (data-mine) from the templates in the
    page's my-state, its controls shown in their phase (data-in); vote buttons by one's votes."""
    for state in root.select(lambda el: el.has_class("my-state") and (el.id or "").endswith("-me")):
        board = state.id.removeprefix("board-").removesuffix("-me")
        voted = (state.attrs.get("data-voted") or "").split(" ")
        scope = root.find(f"board-{board}") or root
        header = root.find(f"board-{board}-header")
        phase = header.attrs.get("data-phase") if header is not None else ""
        open_ = header is not None and header.attrs.get("data-locked") == "0"
        participant = scope.attrs.get("data-audience") == "participants"
        own = (state.attrs.get("data-own") or "").split(" ")
        templates = [el for el in state.elements() if el.tag == "template" and "data-placeholder" in el.attrs]
        for card in scope.select(_is_card):
            idea_id = _idea_id(card)
            has_vote = idea_id in voted
            part = next((el for el in card.elements() if "data-mine" in el.attrs), None)
            kind = ("voted" if has_vote else "") + (" own" if idea_id in own else "")
            template = _mine_template(templates, kind) if participant and kind else None
            if part is not None and (template is None or part.attrs["data-mine"] != kind):  # no longer mine
                part.remove()
                part = None
            if part is None and template is not None:
                for child in template.elements():
                    card.append(_mine_part(child, template.attrs["data-placeholder"], idea_id))
                part = next((el for el in card.elements() if "data-mine" in el.attrs), None)
            if part is not None:
                for el in part.walk():
                    if "data-in" in el.attrs:
                        _set_hidden(el, not (open_ and el.attrs["data-in"] == phase))
            for el in card.walk():
                if "data-vote-add" in el.attrs:
                    _set_hidden(el, has_vote)


def _mine_template(templates: list[Element], kind: str) -> Element | None:
    """cmij.js mineTemplate: the my-state's template of one's own part of this kind."""
    return next((t for t in templates if any(el.attrs.get("data-mine") == kind for el in t.elements())), None)


def _mine_part(element: Element, placeholder: str, idea_id: str) -> Element:
    """cmij.js minePart: a copy of a template's part with the card's id in place of the placeholder."""
    copy = element.clone()
    for el in [copy, *copy.walk()]:
        el.attrs = {
            name: value.replace(placeholder, idea_id) if value else value for name, value in el.attrs.items()
        }
    return copy


def _set_hidden(element: Element, hidden: bool) -> None:
    if hidden:
        element.attrs["hidden"] = ""
    else:
        element.attrs.pop("hidden", None)


# --- what a person sees of the board -------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    id: str
    container: str
    text: str
    meta: str  # badges, author, counts, as shown
    merged: str
    controls: tuple[str, ...]  # visible buttons and disclosures, in order
    pinned: str
    votes: str


def cards(root: Element) -> list[Card]:
    """Every visible card in page order: the order of the list is the order on the page."""
    found = []
    for card in root.select(_is_card):
        if not card.shown():
            continue
        text = next((el for el in card.walk() if el.has_class("idea__text")), None)
        meta = next((el for el in card.walk() if el.has_class("idea__meta")), None)
        merged = next((el for el in card.walk() if el.has_class("idea__merged")), None)
        controls = tuple(
            f"{el.tag}:{el.text()}" for el in card.walk() if el.tag in {"button", "summary"} and el.shown()
        )
        found.append(
            Card(
                id=card.id or "",
                container=card.parent.id if card.parent is not None and card.parent.id else "",
                text=text.text() if text else "",
                meta=meta.text() if meta else "",
                merged=merged.text() if merged else "",
                controls=controls,
                pinned=card.attrs.get("data-pinned", ""),
                votes=card.attrs.get("data-votes", ""),
            )
        )
    return found


# The board's live regions besides the cards, by the end of their id (board-<pk>-<part>), and what of
# each is compared: their shown text and the attributes the glue and CSS read.
REGIONS = {
    "header": ("data-phase", "data-locked"),
    "timer": ("data-ends-at", "hidden"),
    "join": (),
    "me": ("data-own", "data-voted"),
    "report-back": ("hidden",),
    "queue": (),
}


def regions(root: Element) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    pattern = re.compile(r"^board-\d+-(" + "|".join(map(re.escape, REGIONS)) + ")$")
    for el in root.walk():
        match = pattern.match(el.id or "")
        if not match:
            continue
        attrs = tuple((name, _sorted_ids(el.attrs.get(name))) for name in REGIONS[match[1]])
        body = el.text() if match[1] != "timer" else ""  # the timer's digits tick in the browser
        found[el.id] = (body, attrs, el.shown())
    columns = [(el.id, el.attrs.get("data-order")) for el in root.walk() if el.has_class("column__ideas")]
    headings = [
        (el.id, el.text()) for el in root.walk() if el.tag == "h2" and (el.id or "").startswith("prompt-")
    ]
    found["columns"] = (tuple(columns), tuple(headings))
    return found


def _sorted_ids(value: str | None):
    if value is None:
        return None
    return " ".join(sorted(value.split())) if re.fullmatch(r"[\d ]*", value) else value


@dataclass(frozen=True)
class BoardView:
    cards: list[Card]
    regions: dict[str, tuple]


def board_view(page: Page | str) -> BoardView:
    root = page.root if isinstance(page, Page) else Page(page).root
    return BoardView(cards=cards(root), regions=regions(root))


# The same reading of a page, in the browser (tests/e2e/test_live_order.py): every visible card in
# page order as [id, container, text, meta, merged, controls, pinned, votes], read as `cards` reads
# them (text without what is hidden, whitespace collapsed).
CARDS_JS = """() => {
  const shown = el => !el.closest("[hidden]");
  const text = el => {
    if (!el) return "";
    const walk = node => Array.from(node.childNodes).map(child =>
      child.nodeType === 3 ? child.data
      : child.nodeType === 1 && !child.hasAttribute("hidden") && !["SCRIPT", "STYLE"].includes(child.tagName) ? walk(child)
      : "").join("");
    return walk(el).split(/\\s+/).filter(Boolean).join(" ");
  };
  return Array.from(document.querySelectorAll("article.idea:not(.idea--gone)")).filter(shown).map(card => [
    card.id,
    card.parentElement ? card.parentElement.id : "",
    text(card.querySelector(".idea__text")),
    text(card.querySelector(".idea__meta")),
    text(card.querySelector(".idea__merged")),
    Array.from(card.querySelectorAll("button, summary")).filter(shown).map(el => el.tagName.toLowerCase() + ":" + text(el)),
    card.getAttribute("data-pinned") || "",
    card.getAttribute("data-votes") || "",
  ]);
}"""
