"""Clients as a role: a Django test client logged in as a member (or none), and the cookies a browser
or a socket of that member or guest would carry."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from boards.identity import GUESTS_KEY


def client_for(user=None) -> Client:
    """A test client, logged in as `user` when given (anonymous otherwise)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def member_cookie(user) -> str:
    """The session cookie of `user` logged in, for a socket's or a served app's request."""
    return f"sessionid={client_for(user).cookies['sessionid'].value}"


def guest_cookie(guest) -> str:
    """The session cookie of a browser that joined `guest`'s meeting as that guest."""
    store = SessionStore()
    store[GUESTS_KEY] = {str(guest.meeting_id): guest.pk}
    store.create()
    return f"sessionid={store.session_key}"
