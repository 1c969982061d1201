from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(cookies: dict[str, str]) -> str:
    """The language the visitor chose with the switch, else Dutch.

    Dutch first: the browser's Accept-Language is not used, because many members' phones and
    laptops are set to English while they expect a Dutch site. Consumers use the same rule.
    """
    language = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Activates the chosen language for each request (in place of Django's LocaleMiddleware)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request.COOKIES)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
