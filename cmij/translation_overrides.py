"""allauth's own words that we say differently in Dutch; our catalogue takes precedence over theirs.

Listed here so makemessages keeps them in locale/nl. allauth says "Aanmelden" for signing in, which
Dutch speakers also read as signing up; we say "Inloggen" and "Account aanmaken".
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

ALLAUTH_WORDS = [
    gettext_noop("Sign In"),
    gettext_noop("Sign Up"),
    gettext_noop("Sign Out"),
    gettext_noop("Sign in"),
    gettext_noop("Sign up"),
]
