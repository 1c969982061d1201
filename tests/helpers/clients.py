"""Clients as a role: a Django test client logged in as a member (or none), and the cookies a browser
or a socket of that member or guest would carry."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from boards.identity import GUESTS_KEY
from boards.models import Guest

HTMX = {"HTTP_HX_REQUEST": "true"}  # the header htmx sends: the view answers with its partial


def client_for(user=None, *, language: str | None = None) -> Client:
    """A test client, logged in as `user` when given (anonymous otherwise), reading `language` when given."""
    client = Client()
    if language is not None:
        client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def session_key(person) -> str:
    """The session key of a browser that is `person`: a member logged in, or a guest who joined."""
    if isinstance(person, Guest):
        store = SessionStore()
        store[GUESTS_KEY] = {str(person.meeting_id): person.pk}
        store.create()
        return store.session_key
    return client_for(person).cookies["sessionid"].value


def member_cookie(user) -> str:
    """The session cookie of `user` logged in, for a socket's or a served app's request."""
    return f"sessionid={session_key(user)}"


def guest_cookie(guest) -> str:
    """The session cookie of a browser that joined `guest`'s meeting as that guest."""
    return f"sessionid={session_key(guest)}"


def sent_to_log_in(response) -> bool:
    """Was a visitor's request answered with the way in (the login page, and back), not with a page?"""
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
