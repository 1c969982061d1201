"""Settings for the test suite: the same settings, a fast password hasher, a test secret, email
retries without a wait (so the worker's batch run sends them at once).

A real password hash costs about 0.18 s here; tests make many users.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "cmij-test-secret-only-for-the-test-suite")

from cmij.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

CMIJ_EMAIL_RETRY_BACKOFF = 0
