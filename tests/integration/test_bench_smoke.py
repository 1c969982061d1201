"""The benchmark harness runs end to end on a few clients and messages: delivery counts only (no
timing is asserted in the tests; timings live in benchmarks/results/)."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers.servers import ROOT


def test_the_harness_delivers_every_message_to_every_subscriber():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "smoke"], cwd=ROOT, capture_output=True, text=True, timeout=170
    )
    lines = [
        line
        for line in result.stdout.splitlines()
        if any(w in line for w in ("delivered", "probes", "posts"))
    ]
    assert lines == [
        "A: delivered 25 of 25",
        "C-app-embedded: delivered 25 of 25",
        "C-app-embedded: 5 of 5 posts confirmed to the poster",
        "C-app-embedded: 3 of 3 connect probes live",
        "moderation: delivered 25 of 25",
        "notify: delivered 20 of 20",
    ], result.stdout[-2000:]
    assert result.returncode == 0
