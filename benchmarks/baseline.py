"""The landed commit, checked out beside the current tree, so that one run measures both (#29).

`python -m benchmarks run --baseline REV` makes a detached `git worktree` of REV in the temporary
directory (kept there and reused by later runs while it still holds REV, untouched) and runs that
checkout's code with this venv's Python: its own server, its own `benchmarks.setup` against its own
fresh database (its models and migrations), its board page in-process. The clients, publishers and
probes stay the current tree's, so both are measured the same way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import ROOT, say

#: The commit #29's work starts from ("the landed commit" its targets compare with): main when the
#: cost of a post and of a connect were first measured. A fixed commit, not HEAD or main, so the
#: figures of every later run compare with the same code; `--baseline ""` leaves it out.
BASELINE = "c3aeda8cea39549a67571fe88ab9f65f2e16e235"


@dataclass(frozen=True)
class Checkout:
    rev: str  # as asked for
    commit: str  # its full hash
    root: Path

    @property
    def label(self) -> str:
        return f"baseline {self.commit[:7]}"


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def checkout(rev: str) -> Checkout:
    """A checkout of `rev` under the temporary directory: reused when it is there and untouched."""
    try:
        commit = _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError:
        raise SystemExit(
            f'--baseline {rev}: no such commit here (fetch it, or leave it out with --baseline "")'
        )
    root = Path(tempfile.gettempdir()) / f"cmij-bench-baseline-{commit[:12]}"
    if root.exists():
        try:
            clean = _git("rev-parse", "HEAD", cwd=root) == commit and not _git(
                "status", "--porcelain", cwd=root
            )
        except subprocess.CalledProcessError:
            clean = False
        if clean:
            say(f"  baseline: reusing {root} ({commit[:7]})")
            return _checked(Checkout(rev, commit, root))
        subprocess.run(["git", "worktree", "remove", "--force", str(root)], cwd=ROOT, capture_output=True)
    say(f"  baseline: checking out {commit[:7]} in {root}")
    # --force: a worktree of an earlier run whose directory was removed is still registered.
    _git("worktree", "add", "--force", "--detach", str(root), commit)
    return _checked(Checkout(rev, commit, root))


def _checked(found: Checkout) -> Checkout:
    """The checkout's own code is what its processes import (not this tree's, which the venv's
    editable install would otherwise provide), and its benchmark setup prints what ours reads."""
    probe = "import benchmarks.setup, boards, cmij; print(cmij.__file__, boards.__file__, benchmarks.setup.__file__)"
    files = subprocess.run(
        [sys.executable, "-c", probe], cwd=found.root, env=environment(found.root),
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    strays = [f for f in files if not Path(f).resolve().is_relative_to(found.root.resolve())]
    if strays:
        raise RuntimeError(f"the baseline checkout imports code from elsewhere: {strays}")
    return found


def environment(root: Path) -> dict[str, str]:
    """The environment of a process that runs `root`'s code (PYTHONPATH first on sys.path)."""
    return {**os.environ, "PYTHONPATH": str(root)}
