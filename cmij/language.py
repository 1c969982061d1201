"""The language switch: a cookie for everyone, remembered on the profile for members."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBase
from django.utils import translation

#: A language chosen with the switch before logging in; the login keeps it (and stores it on the profile).
CHOSEN_BEFORE_LOGIN = "cmij_language_chosen"


def set_language_cookie(response: HttpResponseBase, language: str) -> None:
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
