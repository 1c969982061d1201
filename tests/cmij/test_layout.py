"""The layout a newcomer finds (docs/architecture.md, "Layout"): every model lives in the app its domain
belongs to, and a name is imported from the app that defines it, never through another app."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

from tests.helpers.servers import ROOT

APPS = ["cmij", "notifications", "profiles", "boards", "archive", "teams", "callouts", "agenda", "realtime"]

# Where each model lives: the domain's app.
MODELS = {
    "cmij": {"FailedEmail"},
    "notifications": {"Notification", "NotificationSettings", "Digest"},
    "profiles": {"Discipline", "Municipality", "Kern", "Profile", "Message"},
    "boards": {"Meeting", "Board", "Prompt", "Guest", "Idea", "Vote", "BoardEvent", "Registration"},
    "archive": {"Topic", "Summary", "TopicProposal", "NameReview"},
    "teams": {
        "ActionTeam", "TeamMembership", "TeamRequest", "TeamTask", "TeamUpdate", "ReportBack", "ReportBackShown",
    },
    "callouts": {"Callout", "Response", "Follow", "CalloutMute", "Report", "TrustedAuthor"},
    "agenda": {"Campaign", "Event", "Source"},
}  # fmt: skip


def test_every_model_lives_in_the_app_of_its_domain():
    ours = {
        model._meta.label: model._meta.app_label
        for model in apps.get_models(include_auto_created=False)
        if model._meta.app_label in APPS
    }
    expected = {f"{app}.{name}": app for app, names in MODELS.items() for name in names}
    assert ours == expected
    for label in expected:  # and its table is named by that app
        model = apps.get_model(label)
        assert model._meta.db_table == f"{model._meta.app_label}_{model._meta.model_name}"


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _imports(tree: ast.Module) -> list[ast.ImportFrom]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
    ]


def test_no_app_passes_on_another_apps_names():
    """`from callouts.permissions import is_member` would work while callouts imports it from profiles;
    here every name is imported from the app that defines it (or any module of its own app)."""
    modules = _modules()
    imported_from = {}  # (module, name) -> the module it came from
    for module, path in modules.items():
        for node in _imports(ast.parse(path.read_text())):
            for alias in node.names:
                imported_from[(module, alias.asname or alias.name)] = node.module
    sources = [*modules.values(), *(ROOT / "tests").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]
    passed_on = []
    for path in sources:
        for node in _imports(ast.parse(path.read_text())):
            if node.module not in modules:
                continue
            for alias in node.names:
                origin = imported_from.get((node.module, alias.name))
                if origin is None or f"{node.module}.{alias.name}" in modules:
                    continue  # defined there, or a submodule
                if origin.split(".")[0] in APPS and origin.split(".")[0] != node.module.split(".")[0]:
                    passed_on.append(
                        f"{path.relative_to(ROOT)}: {alias.name} from {node.module}, defined in {origin}"
                    )
    assert passed_on == []
