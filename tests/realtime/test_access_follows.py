"""A change to a person's rights reaches their sockets at once (#28), in-process: the paths the live
matrix (tests/abuse/test_access_live.py) does not take through daphne. An organiser who stops being
one in the admin leaves the facilitators of a board they moderated only as an organiser; an account
switched off in the admin's form is closed like one the deactivate action switches off; a site socket
re-checked for someone who is still a member keeps what it follows."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.test import RequestFactory

from realtime import control, names
from tests.helpers.clients import member_cookie
from tests.helpers.factories import MemberFactory, organiser, post
from tests.helpers.sockets import closed_with, feed_subscribed, next_message, open_board, open_site

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("socket_origin")]


def save_in_admin(user, **changes) -> None:
    """What a superuser's save of the member's change form does: the admin's save_model (in the
    admin's transaction), with the form's changed fields (the form itself is Django's)."""
    request = RequestFactory().post("/beheer/")
    request.user = organiser()
    model_admin = admin.site._registry[get_user_model()]
    for field, value in changes.items():
        setattr(user, field, value)

    class Form:
        changed_data = list(changes)

    with transaction.atomic():
        model_admin.save_model(request, user, Form(), change=True)


async def test_an_organiser_who_is_no_longer_one_leaves_the_facilitators_at_once(board):
    boss = await sync_to_async(organiser)()
    cookie = await sync_to_async(member_cookie)(boss)
    socket = await open_board(board.pk, cookie=cookie, audience="facilitators")

    await sync_to_async(save_in_admin)(boss, is_staff=False)

    snapshot = await next_message(socket)
    assert 'data-snapshot="1"' in snapshot and "board--facilitators" not in snapshot
    await socket.disconnect()


async def test_an_account_switched_off_in_the_admins_form_is_closed_everywhere(board):
    member = await sync_to_async(MemberFactory)()
    cookie = await sync_to_async(member_cookie)(member)
    board_socket = await open_board(board.pk, cookie=cookie, audience="participants")
    site_socket = await open_site(member)

    await sync_to_async(save_in_admin)(member, is_active=False)

    assert await closed_with(board_socket) == 4008
    assert await closed_with(site_socket) == 4008


async def test_a_site_socket_rechecked_for_a_member_keeps_its_feed():
    reader = await sync_to_async(MemberFactory)()
    socket = await open_site(reader)
    await feed_subscribed(socket)

    await sync_to_async(control.recheck_roles)(names.user_group(reader.pk))
    author = await sync_to_async(MemberFactory)()
    await sync_to_async(post)(author, title="Gezocht: een lichttechnicus")

    assert "Gezocht: een lichttechnicus" in await next_message(socket)
    await socket.disconnect()


async def test_a_site_socket_rechecked_after_a_logout_elsewhere_is_told_to_stay_away():
    reader = await sync_to_async(MemberFactory)()
    socket = await open_site(reader)
    await feed_subscribed(socket)
    # The session ends without the close reaching this socket (another process's logout, say).
    await sync_to_async(Session.objects.all().delete)()
    await sync_to_async(control.recheck_roles)(names.user_group(reader.pk))

    assert await closed_with(socket) == 4008
