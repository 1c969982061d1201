"""Which real services this run has, and the rule for when one is missing.

A test that needs PostgreSQL, Redis or Chromium skips with a one-line reason when it is absent,
except with CMIJ_REQUIRE_SERVICES=1 (pass 2 of .ci/run), where that skip is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRE_SERVICES = os.environ.get("CMIJ_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CMIJ_CHROMIUM", "/usr/bin/chromium")


def skip_or_fail(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"CMIJ_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def database_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def require_postgres() -> None:
    if not database_url().startswith(("postgres://", "postgresql://")):
        skip_or_fail("needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/cmij")


def require_redis() -> str:
    url = redis_url()
    if not url:
        skip_or_fail("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    return url


def require_chromium() -> str:
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium") or ""
    if not path:
        skip_or_fail("needs Chromium at /usr/bin/chromium (apt-get install chromium)")
    return path
