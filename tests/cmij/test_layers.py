"""The import contracts in pyproject.toml ([tool.importlinter]) bite: lint-imports passes on a copy of
the project's packages, and fails, naming the broken contract, once a module in the copy imports what
its contract forbids. The real checkout is never touched."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
CONTRACT_NAMES = {contract["id"]: contract["name"] for contract in CONFIG["contracts"]}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def only_python(folder: str, names: list[str]) -> set[str]:
    """copytree's ignore: caches and every file but Python sources (templates, static files,
    translations), which lint-imports never reads."""
    return {
        name
        for name in names
        if name == "__pycache__" or (not name.endswith(".py") and not (Path(folder) / name).is_dir())
    }


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The root packages (their .py files) and pyproject.toml, copied to a folder of their own."""
    copy = tmp_path / "tree"
    copy.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for package in CONFIG["root_packages"]:
        shutil.copytree(ROOT / package, copy / package, ignore=only_python)
    return copy


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on the copy, afresh (no cache), with the copy's packages the ones found: the copy
    comes first on the path (lint-imports also puts its working folder first), and the editable
    install's finder for the real checkout sits at the end of sys.meta_path, after the path. A wide
    console keeps each contract's name on one line; no colours."""
    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "COLUMNS": "200",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    result.stdout = ANSI.sub("", result.stdout + result.stderr)
    return result


def add_import(tree: Path, module: str, imported: str) -> None:
    """Appends `import IMPORTED` to MODULE's file in the copy (its package's __init__.py for a package)."""
    path = tree / Path(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    assert path.exists(), f"{module} is not in the copy"
    with path.open("a") as source:
        source.write(f"\nimport {imported}  # a forbidden import, added by tests/cmij/test_layers.py\n")


def test_the_contracts_are_kept(tree: Path) -> None:
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout
    for name in CONTRACT_NAMES.values():
        assert f"{name} KEPT" in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("module", "imported", "broken", "kept"),
    [
        # A domain app imports one of a higher layer.
        ("boards.models", "teams", {"layers"}, {"base", "channels"}),
        # Independent siblings ("|" in the layer): one upper domain app imports another.
        ("agenda.models", "callouts", {"layers"}, {"base", "channels"}),
        # A base module imports an app: both the layers and the base contract say so.
        ("cmij.text", "profiles", {"layers", "base"}, {"channels"}),
        # An app imports channels itself instead of going through realtime.
        ("profiles.models", "channels", {"channels"}, {"layers", "base"}),
    ],
    ids=["app-imports-higher-app", "sibling-apps", "base-imports-app", "app-imports-channels"],
)
def test_a_forbidden_import_breaks_its_contract(
    tree: Path, module: str, imported: str, broken: set[str], kept: set[str]
) -> None:
    add_import(tree, module, imported)

    result = lint_imports(tree)

    assert result.returncode != 0, result.stdout
    for contract in broken:
        assert f"{CONTRACT_NAMES[contract]} BROKEN" in result.stdout, result.stdout
    for contract in kept:
        assert f"{CONTRACT_NAMES[contract]} KEPT" in result.stdout, result.stdout
    # The report names the very import that was added.
    added = rf"^-\s+{re.escape(module)} -> {re.escape(imported)} \(l\.\d+\)"
    assert re.search(added, result.stdout, re.MULTILINE), result.stdout


CONFIGURATION = {"cmij.settings", "cmij.settings_test", "cmij.apps", "realtime.apps"}


def test_every_module_of_cmij_and_realtime_is_in_a_layer() -> None:
    """cmij and realtime are split module by module between the top and the base layer, so a new module
    there must be placed by hand; one that is in no layer would escape every contract."""
    layers = next(contract for contract in CONFIG["contracts"] if contract["id"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in re.split(r"[|:]", layer)}
    channels_sources = set(
        next(contract for contract in CONFIG["contracts"] if contract["id"] == "channels")["source_modules"]
    )
    for package in ("cmij", "realtime"):
        for path in sorted((ROOT / package).iterdir()):
            if path.name.startswith("__") or not (path.suffix == ".py" or (path / "__init__.py").exists()):
                continue
            module = f"{package}.{path.stem}"
            if module in CONFIGURATION:
                continue
            assert module in placed, f"{module} is in no layer of the layers contract"
            if package == "cmij" and module != "cmij.asgi":
                assert module in channels_sources, f"{module} is not a source of the channels contract"
