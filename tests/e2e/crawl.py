"""The accessibility crawl's machinery: visit a page as one role, in Dutch and in English, at 1280, 640
and 360 px (the loaded page resized, not loaded again), and judge it: axe-core's WCAG 2.2 A/AA rules,
horizontal overflow and clipped text, console errors and failed requests, and strings in the wrong
language. What it finds goes into a markdown report; tests/e2e/test_accessibility.py says what must hold.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve

from tests.helpers.catalogue import entries as catalogue_entries
from tests.helpers.servers import ROOT

REPORT = ROOT / "build" / "accessibility-report.md"

LANGUAGES = ("nl", "en")
#: A language named in the address (the embed's `?taal=en`): the page speaks it, whatever the
#: visitor chose, and is judged in it.
LANGUAGE_IN_URL = re.compile(r"[?&]taal=(nl|en)\b")
WIDE, ZOOMED, NARROW = 1280, 640, 360  # 640: a 1280 px screen at 200 % zoom
HEIGHT = 800
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = {"serious", "critical"}


_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@dataclass
class WrongLanguage:
    """Which strings give away a page in the wrong language: on a Dutch page an English msgid whose
    Dutch differs; on an English page such a Dutch translation. Strings that are both a msgid and
    a translation somewhere, shorter than three letters, or with less than two words of their own
    around placeholders are too ambiguous to judge."""

    exact: dict[str, set[str]] = field(default_factory=lambda: {"nl": set(), "en": set()})
    patterns: dict[str, list[tuple[re.Pattern, str]]] = field(default_factory=lambda: {"nl": [], "en": []})

    @classmethod
    def from_catalogue(cls) -> WrongLanguage:
        pairs: list[tuple[str, str]] = []
        for entry in catalogue_entries():
            if entry.get("fuzzy") or not entry["msgid"]:
                continue
            if "msgid_plural" in entry:
                pairs += [
                    (entry["msgid"], entry.get("msgstr[0]", "")),
                    (entry["msgid_plural"], entry.get("msgstr[1]", "")),
                ]
            else:
                pairs.append((entry["msgid"], entry.get("msgstr", "")))
        pairs = [(en, nl) for en, nl in pairs if nl and en != nl]
        english = {norm(en) for en, _nl in pairs}
        dutch = {norm(nl) for _en, nl in pairs}
        ambiguous = english & dutch
        self = cls()
        for en, nl in pairs:
            # Shown on a page of the other language, each side gives it away.
            for shown_on, text in (("nl", norm(en)), ("en", norm(nl))):
                if text in ambiguous or len(text) < 3:
                    continue
                if _PLACEHOLDER.search(text):
                    literal = _PLACEHOLDER.sub(" ", text)
                    if len(re.findall(r"[^\W\d_]{2,}", literal)) < 2:
                        continue
                    parts = [re.escape(part) for part in _PLACEHOLDER.split(text.replace("%%", "%"))]
                    self.patterns[shown_on].append((re.compile("^" + ".+?".join(parts) + "$"), text))
                elif "\n" not in text:
                    self.exact[shown_on].add(text.replace("%%", "%"))
        return self

    def find(self, language: str, texts: list[str]) -> list[str]:
        found = []
        for text in texts:
            if text in self.exact[language]:
                found.append(text)
                continue
            for pattern, source in self.patterns[language]:
                if pattern.match(text):
                    found.append(f"{text} (from {source!r})")
                    break
        return found


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- what the page tells us, in JavaScript -------------------------------------------------------------

# Every way the page offers to go somewhere or do something: links, forms (and their buttons'
# formaction), and htmx's hx-get/hx-post/...
LINKS_JS = """() => {
  const out = [];
  const label = el => (el.getAttribute('aria-label') || el.textContent || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
  const abs = (value) => new URL(value === null ? location.href : value, location.href).href;
  for (const a of document.querySelectorAll('a[href]')) {
    if (!a.getAttribute('href').startsWith('#')) out.push({kind: 'href', url: a.href, method: 'GET', label: label(a)});
  }
  for (const link of document.querySelectorAll('link[rel=alternate][href]')) {
    out.push({kind: 'link rel=alternate', url: link.href, method: 'GET', label: link.title});
  }
  for (const img of document.querySelectorAll('img[src]')) out.push({kind: 'img src', url: img.src, method: 'GET', label: img.alt});
  for (const f of document.querySelectorAll('form')) {
    const method = (f.getAttribute('method') || 'get').toUpperCase();
    out.push({kind: 'form', url: abs(f.getAttribute('action') || location.href), method, label: label(f.querySelector('button, [type=submit]') || f)});
    // f.elements: its buttons inside it and those outside it that name it (form="...").
    for (const b of Array.from(f.elements).filter(el => el.hasAttribute('formaction'))) {
      out.push({kind: 'formaction', url: abs(b.getAttribute('formaction')), method: (b.getAttribute('formmethod') || method).toUpperCase(), label: label(b)});
    }
  }
  for (const verb of ['get', 'post', 'put', 'patch', 'delete']) {
    for (const el of document.querySelectorAll(`[hx-${verb}]`)) {
      out.push({kind: `hx-${verb}`, url: abs(el.getAttribute(`hx-${verb}`) || null), method: verb.toUpperCase(), label: label(el)});
    }
  }
  return out;
}"""

# Visible words of the page's own language: text nodes and the attributes people hear or see, outside
# user content (containers of user text carry hx-disable), names marked translate="no" (the network's
# name) and parts marked with another lang (the language switch).
TEXTS_JS = """() => {
  const pageLang = document.documentElement.lang;
  const ours = el => !el.closest('script, style, noscript, [hx-disable], [translate=no]') && (el.closest('[lang]') || document.documentElement).getAttribute('lang') === pageLang;
  const texts = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
    if (text && node.parentElement && ours(node.parentElement)) texts.add(text);
  }
  for (const el of document.querySelectorAll('[title], [alt], [placeholder], [aria-label]')) {
    if (!ours(el)) continue;
    for (const name of ['title', 'alt', 'placeholder', 'aria-label']) {
      const value = (el.getAttribute(name) || '').replace(/\\s+/g, ' ').trim();
      if (value) texts.add(value);
    }
  }
  for (const part of document.title.split(' · ')) if (part.trim()) texts.add(part.trim());
  return [...texts];
}"""

# Horizontal overflow: the document wider than the window, or an element sticking out of it (the
# outermost one; parts of a horizontal scroller or off-screen on purpose, such as the skip link
# before it has focus, are left alone). With `clip`, also text cut off by overflow hidden/clip or
# text-overflow in an element narrower than its content (visually hidden 1 px text is meant so).
LAYOUT_JS = """(clip) => {
  const width = document.documentElement.clientWidth;
  const describe = el => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    else if (el.classList.length) name += '.' + [...el.classList].join('.');
    const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 50);
    return text ? `${name} "${text}"` : name;
  };
  const scrolls = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const sticking = [], clipped = [];
  const reported = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || style.display === 'contents') continue;
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;
    const out = (box.right > width + 1 || box.left < -1) && box.right > 0;
    if (out && !scrolls(el) && !(el.parentElement && reported.has(el.parentElement))) {
      sticking.push(`${describe(el)} (${Math.round(box.left)}..${Math.round(box.right)} px)`);
    }
    if (out) reported.add(el);
    if (clip && !['INPUT', 'TEXTAREA', 'SELECT', 'IMG', 'svg', 'VIDEO', 'IFRAME', 'CANVAS'].includes(el.tagName)
        && el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1
        && (['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis')
        && (el.textContent || '').trim()) {
      clipped.push(`${describe(el)} (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, clientWidth: width,
          sticking: sticking.slice(0, 8), clipped: clipped.slice(0, 8)};
}"""

# The page's structure (issue #25): ids used twice, <time datetime> values that are no valid HTML date,
# time or datetime (microseconds, a bare offset, ...), headings that skip a level going down (h2 then
# h4), and, with `targets`, visible form controls under 44 px tall and wide as a target (a checkbox or
# radio measured together with its label). Hidden parts (display none, the hidden attribute, a closed
# <details>) are not read.
STRUCTURE_JS = """(targets) => {
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const describe = el => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    else if (el.name) name += `[name=${el.name}]`;
    else if (el.classList.length) name += '.' + [...el.classList].join('.');
    return name;
  };
  const counts = {};
  for (const el of document.querySelectorAll('[id]')) counts[el.id] = (counts[el.id] || 0) + 1;
  const duplicates = Object.entries(counts).filter(([, n]) => n > 1).map(([id, n]) => `#${id} (${n}x)`);
  const valid = /^(\\d{4}-\\d{2}-\\d{2}|\\d{4}-\\d{2}|\\d{4}|--\\d{2}-\\d{2}|\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?|\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:?\\d{2})?|Z|[+-]\\d{2}:?\\d{2}|\\d{4}-W\\d{2}|P[\\dDTHMS.]+|(\\d+[wdhms] ?)+)$/;
  const datetimes = [...document.querySelectorAll('time[datetime]')]
    .map(el => el.getAttribute('datetime')).filter(value => !valid.test(value.trim()));
  const skipped = [];
  let previous = 0;
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    if (!shown(heading)) continue;
    const level = Number(heading.tagName[1]);
    if (previous && level > previous + 1) {
      skipped.push(`h${previous} then h${level} "${heading.textContent.replace(/\\s+/g, ' ').trim().slice(0, 40)}"`);
    }
    previous = level;
  }
  const small = [];
  if (targets) {
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      if (!shown(el)) continue;
      let box = el.getBoundingClientRect();
      if (['checkbox', 'radio'].includes(el.type)) {
        const label = el.closest('label') || (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`));
        if (label && shown(label)) {
          const other = label.getBoundingClientRect();
          box = {width: Math.max(box.right, other.right) - Math.min(box.left, other.left),
                 height: Math.max(box.bottom, other.bottom) - Math.min(box.top, other.top)};
        }
      }
      if (box.height < 43.5 || box.width < 43.5) small.push(`${describe(el)} (${Math.round(box.width)}x${Math.round(box.height)} px)`);
    }
  }
  return {duplicates, datetimes: datetimes.slice(0, 8), skipped: skipped.slice(0, 8), small: small.slice(0, 8)};
}"""

# Until htmx has no request in flight (a request started on load), at most 5 s.
HTMX_IDLE_JS = """() => new Promise(done => {
  const until = Date.now() + 5000;
  const check = () => (!document.querySelector('.htmx-request') || Date.now() > until) ? done(true) : setTimeout(check, 50);
  check();
})"""


# --- findings and the record of what was checked --------------------------------------------------------


@dataclass
class Check:
    role: str
    name: str
    url: str
    how: str
    language: str
    width: int
    blocking: list[str] = field(default_factory=list)  # what fails the crawl
    minor: list[str] = field(default_factory=list)  # what the report lists


@dataclass
class Reached:
    name: str
    role: str
    how: str  # "page" or how a page offered it (href, form POST, hx-post, ...)
    url: str
    on: str = ""  # the page that offered it


def url_name(url: str, base_url: str) -> str | None:
    """The namespaced URL name of one of the app's own URLs; None for another origin or no match."""
    parts = urlsplit(url)
    base = urlsplit(base_url)
    if parts.scheme not in ("http", "https", "webcal") or parts.netloc != base.netloc:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name


class Crawl:
    """One crawl over many roles: visits, checks, what was reached, and the report."""

    def __init__(self, base_url: str, wrong_language: WrongLanguage, files: set[str]):
        self.base_url = base_url
        self.wrong_language = wrong_language
        self.files = files  # URL names that answer with a file, not a page: offered, not loaded
        self.axe = Axe()
        self.checks: list[Check] = []
        self.reached: dict[str, list[Reached]] = defaultdict(list)
        self.problems: list[str] = []  # console errors, failed requests: blocking
        self.timings: dict[str, float] = {}  # seconds per role
        self.seen: dict[str, set[str]] = defaultdict(set)  # URL names each role has loaded
        self.seen_dark: set[str] = set()  # URL names judged by axe in the dark scheme (once each)
        self.started = time.monotonic()

    # --- one browser context per role ---

    def watch(self, page, role: str) -> dict:
        """Console errors, failed requests and error responses, except while leaving a page (the
        requests of the page being left are aborted) and the deliberate error page being loaded."""
        state = {"leaving": False, "expected": {}, "where": ""}

        def console(message):
            if message.type != "error":
                return
            text = message.text
            if state["expected"] and "Failed to load resource" in text:
                return  # the deliberate error page itself
            self.problems.append(f"[{role}] console error on {state['where']}: {text}")

        def failed(request):
            failure = request.failure or ""
            if state["leaving"] and "ERR_ABORTED" in failure:
                return
            self.problems.append(
                f"[{role}] request failed on {state['where']}: {request.method} {request.url} {failure}"
            )

        def response(response):
            expected = state["expected"].get(response.url)
            if response.status >= 400 and response.status != expected:
                self.problems.append(
                    f"[{role}] {response.status} on {state['where']}: {response.request.method} {response.url}"
                )

        page.on("console", console)
        page.on(
            "pageerror",
            lambda error: self.problems.append(f"[{role}] page error on {state['where']}: {error}"),
        )
        page.on("requestfailed", failed)
        page.on("response", response)
        return state

    def set_language(self, context, language: str) -> None:
        context.add_cookies([{"name": "django_language", "value": language, "url": self.base_url}])

    def goto(self, page, state: dict, url: str, expect_status: int | None = None):
        state["leaving"] = True
        state["expected"] = {url: expect_status} if expect_status else {}
        state["where"] = url
        try:
            response = page.goto(url, wait_until="load")
        finally:
            state["leaving"] = False
        page.evaluate(HTMX_IDLE_JS)
        return response

    # --- what one page offers ---

    def offers(self, page, role: str) -> list[tuple[str, str, str]]:
        """(name, url, how) for each of the app's URLs this page links to or acts on; recorded."""
        found = []
        for item in page.evaluate(LINKS_JS):
            name = url_name(item["url"], self.base_url)
            if name is None:
                continue
            how = f"{item['kind']} {item['method']}" if "form" in item["kind"] else item["kind"]
            self.reached[name].append(Reached(name, role, how, item["url"], on=page.url))
            found.append((name, item["url"].split("#")[0], item["method"]))
        return found

    # --- judging a loaded page ---

    def judge(self, page, check: Check, *, axe: bool, layout: bool, clip: bool, texts: bool) -> None:
        if texts:
            for text in self.wrong_language.find(check.language, page.evaluate(TEXTS_JS)):
                other = "English" if check.language == "nl" else "Dutch"
                check.blocking.append(
                    f"{other} on a {'Dutch' if check.language == 'nl' else 'English'} page: {text}"
                )
        if layout:
            result = page.evaluate(LAYOUT_JS, clip)
            # Wider than the window (less a classic scrollbar, if any: then it scrolls sideways).
            if result["scrollWidth"] > min(result["innerWidth"], result["clientWidth"]):
                check.blocking.append(
                    f"overflow: the page is {result['scrollWidth']} px wide in a {result['innerWidth']} px window"
                )
            for item in result["sticking"]:
                check.blocking.append(f"overflow: sticks out of the window: {item}")
            for item in result["clipped"]:
                check.blocking.append(f"clipped text: {item}")
        if texts or check.width == NARROW:
            structure = page.evaluate(STRUCTURE_JS, check.width == NARROW)
            if texts:  # once per load: the markup does not change with the width
                check.blocking += [f"duplicate id: {item}" for item in structure["duplicates"]]
                check.blocking += [f"invalid <time datetime>: {item!r}" for item in structure["datetimes"]]
                check.blocking += [f"heading level skipped: {item}" for item in structure["skipped"]]
            check.blocking += [
                f"form control under 44 px at {NARROW} px: {item}" for item in structure["small"]
            ]
        if axe:
            # Axe.run would inject axe-core again for every run; a resized page has it already.
            if not page.evaluate("() => typeof window.axe === 'object'"):
                page.evaluate(self.axe.axe_script)
            results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
            for violation in results["violations"]:
                targets = [
                    " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                    for node in violation["nodes"]
                ]
                line = (
                    f"axe {violation['impact']}: {violation['id']}: {violation['help']} "
                    f"({len(targets)}x: {', '.join(str(t) for t in targets[:4])}{', ...' if len(targets) > 4 else ''})"
                )
                (check.blocking if violation["impact"] in BLOCKING_IMPACTS else check.minor).append(line)

    def audit(
        self,
        page,
        state: dict,
        role: str,
        name: str,
        url: str,
        how: str,
        expect_status: int | None = None,
        load=None,
    ) -> list[tuple[str, str, str]]:
        """The page at `url` in both languages at every width, resizing the loaded page. `load(page)`,
        when given, brings the page about instead of loading `url` (a form sent with errors). Returns
        what the page offers (in English, at 1280 px)."""
        context = page.context
        for turn, language in enumerate(LANGUAGES):
            self.set_language(context, language)
            if load is None:
                response = self.goto(page, state, url, expect_status)
                status = response.status if response else None
                if (expect_status or 200) != status:
                    self.problems.append(f"[{role}] {url}: expected {expect_status or 200}, got {status}")
            else:
                state["where"] = url
                load(page)
                page.evaluate(HTMX_IDLE_JS)
            widths = (WIDE, ZOOMED, NARROW) if turn % 2 == 0 else (NARROW, ZOOMED, WIDE)
            named = LANGUAGE_IN_URL.search(url)
            for step, width in enumerate(widths):
                if page.viewport_size["width"] != width:
                    page.set_viewport_size({"width": width, "height": HEIGHT})
                check = Check(role, name, url, how, named.group(1) if named else language, width)
                self.judge(
                    page,
                    check,
                    axe=width in (WIDE, NARROW),
                    layout=width in (ZOOMED, NARROW),
                    clip=width == ZOOMED,
                    texts=step == 0,
                )
                self.checks.append(check)
        if name not in self.seen_dark:  # the page is in English at 1280 px now
            self.seen_dark.add(name)
            self.judge_dark(page, Check(role, name, url, how, "en, dark scheme", WIDE))
        self.reached[name].append(Reached(name, role, "page", url))
        self.seen[role].add(name)
        return self.offers(page, role)

    def judge_dark(self, page, check: Check) -> None:
        """axe on the loaded page in the dark scheme (prefers-color-scheme: dark), then light again:
        once per URL name (a template), not the whole crawl twice."""
        page.emulate_media(color_scheme="dark")
        try:
            self.judge(page, check, axe=True, layout=False, clip=False, texts=False)
        finally:
            page.emulate_media(color_scheme="light")
        self.checks.append(check)

    def audit_content(
        self, page, state: dict, role: str, name: str, html_by_language: dict[str, str]
    ) -> None:
        """A page that the served app cannot be made to show honestly, rendered by Django and set into
        a page of the served app's origin (so its stylesheet loads from there)."""
        for language in LANGUAGES:
            self.goto(page, state, self.base_url + "/privacy/")
            page.set_content(html_by_language[language], wait_until="load")
            for width in (WIDE, ZOOMED, NARROW):
                page.set_viewport_size({"width": width, "height": HEIGHT})
                check = Check(role, name, "(rendered 500.html)", "set_content", language, width)
                self.judge(
                    page,
                    check,
                    axe=width != ZOOMED,
                    layout=width != WIDE,
                    clip=width == ZOOMED,
                    texts=width == WIDE,
                )
                self.checks.append(check)
        self.reached[name].append(Reached(name, role, "set_content", "(rendered)"))

    def crawl(
        self, page, state: dict, role: str, starts: list[str], scope=None, prefer=None, how: str = "start"
    ) -> None:
        """Breadth first from `starts` through the app's own links and GET forms, each further URL
        name once for this role (the first instance found), except that `prefer` {name: test(url)} also visits
        the first instance of a name that passes its test (someone else's profile, a closed callout of
        one's own), for what only it offers. POST actions are recorded as offered, never sent."""
        seen = self.seen[role]
        wanted = prefer if prefer is not None else {}  # shared: a wish met is met once
        queue: list[tuple[str, str, str]] = []

        def consider(name: str, url: str, way: str) -> None:
            test = wanted.get(name)
            if test is not None and test(url):
                del wanted[name]
            elif name in seen or any(item[0] == name for item in queue):
                return
            queue.append((name, url, way))

        for url in starts:  # loaded even if this role has seen their URL name
            name = url_name(url, self.base_url)
            if name:
                queue.append((name, url, how))
        while queue:
            name, url, way = queue.pop(0)
            for offered, target, method in self.audit(page, state, role, name, url, way):
                if method == "GET" and offered not in self.files and (scope is None or scope(offered)):
                    consider(offered, target, "link")

    @contextmanager
    def timed(self, role: str):
        began = time.monotonic()
        try:
            yield
        finally:
            self.timings[role] = self.timings.get(role, 0.0) + time.monotonic() - began

    def follow_notifications(
        self, page, state: dict, role: str, notifications_url: str, limit: int = 12, prefer=None
    ) -> None:
        """Open each notification through its own button (a POST that marks it read and goes where it
        points), and crawl on from a page this role has not seen (or one `prefer` wants): some pages
        are only reached so (the team requests, the reports, a closed callout of one's own)."""
        wanted = prefer if prefer is not None else {}  # shared: a wish met is met once
        for index in range(limit):
            self.goto(page, state, notifications_url)
            buttons = page.locator("ol.notifications form button")
            if index >= buttons.count():
                break
            state["leaving"] = True
            try:
                with page.expect_navigation(wait_until="load"):
                    buttons.nth(index).click()
            finally:
                state["leaving"] = False
            url = page.url.split("#")[0]
            name = url_name(url, self.base_url)
            if name is None or name in self.files:
                continue
            if name in wanted and wanted[name](url):
                del wanted[name]
                self.crawl(page, state, role, [url], how="its notification", prefer=wanted)
            elif name not in self.seen[role]:
                self.crawl(page, state, role, [url], how="its notification", prefer=wanted)

    # --- the verdict and the report ---

    def blocking(self) -> list[str]:
        lines = list(self.problems)
        for check in self.checks:
            lines += [
                f"[{check.role}] {check.name} {check.url} {check.language} {check.width}px: {item}"
                for item in check.blocking
            ]
        return lines

    def write_report(
        self, missing: list[str], excluded: dict[str, str], elapsed: float, notes: str = ""
    ) -> Path:
        pages = {(check.role, check.name) for check in self.checks}
        minor = sum(len(check.minor) for check in self.checks)
        lines = [
            "# Accessibility crawl",
            "",
            f"{len(pages)} pages (URL name per role), {len(self.checks)} checks (page x language x width), "
            f"{len(self.blocking())} blocking findings, {minor} other findings, {elapsed:.0f} s.",
            "",
            "Each page was loaded in Dutch and in English; axe-core "
            f"(tags {', '.join(AXE_OPTIONS['runOnly']['values'])}) ran at {WIDE} and {NARROW} px, overflow was "
            f"checked at {ZOOMED} and {NARROW} px, clipped text at {ZOOMED} px, the page's language once per load.",
            "",
            notes.strip(),
            "",
            "## Time per role (the side roles ran in a second browser at the same time)",
            "",
        ]
        lines += [f"- {role}: {seconds:.0f} s" for role, seconds in self.timings.items()]
        lines += ["", "## Blocking findings", ""]
        lines += [f"- {line}" for line in self.blocking()] or ["None."]
        lines += ["", "## Coverage", ""]
        if missing:
            lines += [f"- NOT REACHED: {name}" for name in missing]
        for name in sorted(self.reached):
            ways = self.reached[name]
            loaded = sorted({f"{item.role}" for item in ways if item.how in ("page", "set_content")})
            offered = sorted(
                {f"{item.how} ({item.role})" for item in ways if item.how not in ("page", "set_content")}
            )
            lines.append(
                f"- `{name}`: "
                + (f"loaded as {', '.join(loaded)}" if loaded else "not loaded")
                + (
                    f"; offered as {', '.join(offered[:6])}{' ...' if len(offered) > 6 else ''}"
                    if offered
                    else ""
                )
            )
        lines += ["", "Excluded from coverage:", ""]
        lines += [f"- `{name}`: {reason}" for name, reason in excluded.items()]
        lines += ["", "## Every page checked, with its other findings", ""]
        by_page: dict[tuple[str, str, str, str], list[Check]] = defaultdict(list)
        for check in self.checks:  # a page seen again another way (a phase, a form's errors) apart
            by_page[(check.role, check.name, check.url, check.how)].append(check)
        for (role, name, url, _how), checks in by_page.items():
            path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
            lines.append(f"### {role}: `{name}` {path} ({checks[0].how})")
            lines.append("")
            for check in checks:
                findings = check.blocking + check.minor
                lines.append(
                    f"- {check.language}, {check.width} px: "
                    + ("clean" if not findings else "; ".join(findings))
                )
            lines.append("")
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return REPORT
