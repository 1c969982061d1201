"""Text people read that skips gettext: found in the templates and the Python modules, so it can be
marked. test_catalogue checks that marked text is translated; this checks that text is marked at all.

Templates: the Django tags, variables and comments are taken out first (with Django's own Lexer, as
makemessages reads them); a text node or a read attribute (title, alt, placeholder, aria-label, the
value of an input button, ...) that still has letters outside translate tags is a finding. Python:
string literals where a person reads them (messages.*, verbose_name, choice labels, ValidationError,
form labels and help texts, widget placeholders, MessageError on the socket, CSV headers).
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

from tests.helpers.servers import ROOT

# Words that are the same in both languages, on purpose. Keep it short; say why.
ALLOWED_WORDS = [
    "Cultuurmakers IJmond",  # the network's name
    "CMIJ",  # its short name
    "Nederlands",  # the language switch names each language in that language (an autonym)
    "English",
    "Markdown",  # names of file formats (the board's exports)
    "CSV",
]
# Literals in Python that look like text but are identifiers no person reads: (module, literal).
ALLOWED_LITERALS = {
    # Audience labels name the realtime topics (names.board_audience); admin only lists them.
    ("boards/events.py", "participants"),
    ("boards/events.py", "projector"),
    ("boards/events.py", "facilitators"),
    # EventKind labels are the stored kinds themselves (BoardEvent.kind); no person reads them.
    *[("boards/events.py", kind) for kind in ("idea", "board", "prompts", "timer", "join", "report_back")],
}

TEMPLATES = ROOT / "templates"
APPS = ["cmij", "notifications", "profiles", "boards", "archive", "teams", "callouts", "agenda", "realtime"]
# Not read by members: the database history, and commands for whoever runs the server (the demo data
# is Dutch content, not interface).
NOT_INTERFACE = {"migrations", "management"}
NOT_INTERFACE_MODULES = {"cmij/demo.py", "cmij/demo_history.py", "cmij/settings.py", "cmij/settings_test.py"}

HOLE = "\ufffc"  # stands where a tag or a variable was, so text on either side stays apart
LETTER = re.compile(r"[^\W\d_]")


def has_words(text: str) -> bool:
    for word in ALLOWED_WORDS:
        text = text.replace(word, " ")
    return bool(LETTER.search(text.replace(HOLE, " ")))


def without_template_language(source: str) -> tuple[str, list[str]]:
    """The template with every tag, variable and comment replaced by HOLE and the contents of
    translate blocks dropped; plus literal text handed to filters (`|default:"..."`)."""
    out, literals = [], []
    in_translation = in_comment = False
    for token in Lexer(source).tokenize():
        contents = token.contents
        if in_comment:
            in_comment = not (token.token_type == TokenType.BLOCK and contents == "endcomment")
            continue
        if in_translation:
            if token.token_type == TokenType.BLOCK and re.fullmatch(
                r"endblocktrans(late)?", contents.strip()
            ):
                in_translation = False
            continue
        if token.token_type == TokenType.TEXT:
            out.append(contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = contents.split()[0] if contents.split() else ""
            in_translation = name in ("blocktrans", "blocktranslate")
            in_comment = name == "comment"
        if token.token_type in (TokenType.VAR, TokenType.BLOCK):
            literals += [
                text for _quote, text in re.findall(r"""\|default(?:_if_none)?:(["'])(.*?)\1""", contents)
            ]
        out.append(HOLE)
    return "".join(out), literals


READ_ATTRIBUTES = {
    "title",
    "alt",
    "placeholder",
    "aria-label",
    "aria-roledescription",
    "aria-valuetext",
    "label",
}
BUTTON_TYPES = {"submit", "button", "reset"}
NO_END_TAG = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        for name, value in attrs:
            read = (
                name in READ_ATTRIBUTES
                or (name == "value" and tag == "input" and (given.get("type") or "").lower() in BUTTON_TYPES)
                or (name == "content" and tag == "meta" and given.get("name") == "description")
                or re.fullmatch(r"data-[a-z-]*-(error|message|label|text|title)", name) is not None
            )
            if read and value and has_words(value):
                self.found.append((self.getpos()[0], f"{name}={value.strip()!r}"))
        if tag not in NO_END_TAG:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] in ("script", "style"):
            return
        if has_words(data):
            self.found.append((self.getpos()[0], " ".join(data.replace(HOLE, " ").split())))


def template_findings(source: str, *, html: bool = True) -> list[str]:
    text, literals = without_template_language(source)
    found = [f"filter text {literal!r}" for literal in literals if has_words(literal)]
    if html:
        finder = _TextFinder()
        finder.feed(text)
        finder.close()
        found += [f"line {line}: {what}" for line, what in finder.found]
    else:  # an email or a Markdown export: all of it is text
        found += [line.strip() for line in text.splitlines() if has_words(line)]
    return found


# Python: where a literal is text for people.
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
TEXT_KEYWORDS = {
    "verbose_name",
    "verbose_name_plural",
    "label",
    "help_text",
    "empty_label",
    "error_messages",
    "message",  # ValidationError(message=...), validators
}
TEXT_ASSIGNMENTS = TEXT_KEYWORDS | {"default_error_messages", "labels", "help_texts"}  # ModelForm Meta too
WIDGET_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
ERRORS = {"ValidationError", "MessageError", "PermissionDenied", "Http404"}
RESPONSES = {"HttpResponse", "HttpResponseBadRequest", "HttpResponseForbidden", "HttpResponseNotFound"}


def _literal_text(node: ast.AST) -> list[tuple[int, str]]:
    """The literal text in an expression, not looking inside calls (a gettext call marks its text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [(node.lineno, node.value)]
    if isinstance(node, ast.JoinedStr):
        return [(node.lineno, "".join(v.value for v in node.values if isinstance(v, ast.Constant)))]
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [found for element in node.elts for found in _literal_text(element)]
    if isinstance(node, ast.Dict):
        return [found for value in node.values for found in _literal_text(value)]
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) + _literal_text(node.orelse)
    return []


def _choice_labels(node: ast.AST) -> list[tuple[int, str]]:
    """Labels of choices=[(value, label), ...], groups included."""
    found = []
    if isinstance(node, (ast.List, ast.Tuple)):
        for pair in node.elts:
            if isinstance(pair, ast.Tuple) and len(pair.elts) == 2:
                label = pair.elts[1]
                found += (
                    _choice_labels(label)
                    if isinstance(label, (ast.List, ast.Tuple))
                    else _literal_text(label)
                )
    return found


def _call_findings(node: ast.Call) -> list[tuple[int, str]]:
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
    found = []
    if owner == "messages" and name in MESSAGE_LEVELS and len(node.args) >= 2:
        found += _literal_text(node.args[1])
    if owner == "messages" and name == "add_message" and len(node.args) >= 3:
        found += _literal_text(node.args[2])
    if (name in ERRORS or name in RESPONSES) and node.args:
        found += _literal_text(node.args[0])
    if name == "add_error" and len(node.args) >= 2:
        found += _literal_text(node.args[1])
    if name == "writerow" and node.args:  # a CSV export's header and its yes/no cells
        found += _literal_text(node.args[0])
    for keyword in node.keywords:
        if keyword.arg == "choices":
            found += _choice_labels(keyword.value)
        elif keyword.arg in TEXT_KEYWORDS:
            found += _literal_text(keyword.value)
        elif keyword.arg == "attrs" and isinstance(keyword.value, ast.Dict):
            for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in WIDGET_ATTRIBUTES:
                    found += _literal_text(value)
    return found


def _choices_findings(node: ast.ClassDef) -> list[tuple[int, str]]:
    """TextChoices / IntegerChoices: each member's label, which Django makes from its name if absent."""
    bases = {base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "") for base in node.bases}
    if not bases & {"TextChoices", "IntegerChoices", "Choices"}:
        return []
    found = []
    for statement in node.body:
        if not (isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name)):
            continue
        if statement.targets[0].id.startswith("_"):
            continue
        value = statement.value
        if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
            found += _literal_text(value.elts[-1])
        else:
            found.append(
                (statement.lineno, f"{statement.targets[0].id} (no label: Django makes one from the name)")
            )
    return found


def python_findings(source: str, module: str = "") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            found += _call_findings(node)
        elif isinstance(node, ast.ClassDef):
            found += _choices_findings(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(target, ast.Name) and target.id in TEXT_ASSIGNMENTS for target in targets):
                found += _literal_text(node.value)
    return [
        f"line {line}: {text!r}"
        for line, text in sorted(found)
        if has_words(text) and (module, text) not in ALLOWED_LITERALS
    ]


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_every_text_in_the_templates_is_marked_for_translation():
    findings = {}
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in (".html", ".txt", ".md") or not path.is_file():
            continue
        found = template_findings(path.read_text(encoding="utf-8"), html=path.suffix == ".html")
        if found:
            findings[_relative(path)] = found
    assert findings == {}


def test_every_text_in_the_python_modules_is_marked_for_translation():
    findings = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if NOT_INTERFACE & set(path.parts) or _relative(path) in NOT_INTERFACE_MODULES:
                continue
            found = python_findings(path.read_text(encoding="utf-8"), _relative(path))
            if found:
                findings[_relative(path)] = found
    assert findings == {}


def test_the_template_scan_finds_unmarked_text_and_passes_marked_text():
    template = """{% load i18n %}<!-- a comment -->
    <h1>{% translate "Sessions" %}</h1>
    <p>{% blocktranslate trimmed with name=user.name %}Hello {{ name }}{% endblocktranslate %}</p>
    <p>Loose words {{ with_a_variable }}</p>
    <p>{{ only.a.variable }} · {% if x %}&rarr;{% endif %} 12:30</p>
    <span>Cultuurmakers IJmond · CMIJ</span>
    <img src="/x.png" alt="A picture"><img src="/y.png" alt="{% translate 'Marked' %}">
    <input type="text" placeholder="Type here" name="q" value="kept">
    <input type="submit" value="Send"><button type="submit" name="do" value="approve">{% translate "Approve" %}</button>
    <a href="/" title="{{ link_title }}" aria-label="Home page">x{% comment %}Said nothing{% endcomment %}</a>
    {{ note|default:"Nothing yet" }}
    <script>const words = "not for people";</script>"""
    assert template_findings(template) == [
        "filter text 'Nothing yet'",
        "line 4: Loose words",
        "line 7: alt='A picture'",
        "line 8: placeholder='Type here'",
        "line 9: value='Send'",
        "line 10: aria-label='Home page'",
        "line 10: x",
    ]
    assert template_findings(
        "{% load i18n %}{% translate 'Hi' %},\n\nCultuurmakers IJmond\nLoose", html=False
    ) == ["Loose"]


def test_the_python_scan_finds_unmarked_text_and_passes_marked_text():
    module = """
from django.utils.translation import gettext_lazy as _
class Kind(models.TextChoices):
    MARKED = "marked", _("Marked")
    LOOSE = "loose", "Loose"
    NAMED = "named"
class Form(forms.Form):
    name = forms.CharField(label=_("Name"), help_text="Say it", widget=forms.TextInput(attrs={"placeholder": "Jan"}))
    kind = forms.ChoiceField(choices=[("a", _("A")), ("b", "Bee")], error_messages={"required": "Fill it in"})
    def clean(self):
        raise ValidationError(f"Wrong {self.name}")
def view(request):
    messages.success(request, _("Saved."))
    messages.error(request, "Not saved.")
    raise MessageError("Too big")
class Meta:
    verbose_name = "thing"
    verbose_name_plural = _("things")
writer.writerow(["prompt", _("idea")])
log.info("not for people")
class MessageForm(forms.ModelForm):
    class Meta:
        labels = {"body": _("Your message")}
        help_texts = {"body": "Be kind"}
"""
    assert python_findings(module) == [
        "line 5: 'Loose'",
        "line 6: 'NAMED (no label: Django makes one from the name)'",
        "line 8: 'Jan'",
        "line 8: 'Say it'",
        "line 9: 'Bee'",
        "line 9: 'Fill it in'",
        "line 11: 'Wrong '",
        "line 14: 'Not saved.'",
        "line 15: 'Too big'",
        "line 17: 'thing'",
        "line 19: 'prompt'",
        "line 24: 'Be kind'",
    ]
