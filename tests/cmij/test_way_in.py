"""A visitor who opens a page they may not see is shown the way in, not "Geen toegang" (#25): a board
page leads to the join page, any other page to the login page and back afterwards; an htmx request
is redirected as a whole page. Someone logged in, and a request that changes something, still gets
403."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers.clients import client_for
from tests.helpers.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_visitor_on_a_board_page_is_taken_to_the_join_page(board):
    response = Client().get(reverse("boards:board", args=[board.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('boards:join')}?next={board.pk}"


def test_a_visitor_on_an_organisers_page_logs_in_and_comes_back(organiser):
    page = reverse("boards:meeting_create")
    client = Client()
    response = client.get(page)
    assert response.status_code == 302
    login = response["Location"]
    assert login == f"{reverse('account_login')}?next={page}"
    assert "Geen toegang" not in client.get(login).content.decode()
    back = client.post(login, {"login": organiser.email, "password": PASSWORD})
    assert back.status_code == 302 and back["Location"] == page
    assert client.get(page).status_code == 200


def test_an_htmx_request_of_a_visitor_redirects_the_whole_page_back_to_where_it_was(board):
    board_page = reverse("boards:board", args=[board.pk])
    response = Client().get(
        reverse("boards:guest_list", args=[board.pk]),
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{board_page}?x=1"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('account_login')}?next={board_page}%3Fx%3D1"


def test_someone_logged_in_is_still_refused_with_the_page_that_says_so(member):
    response = client_for(member).get(reverse("boards:meeting_create"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_a_visitors_request_that_changes_something_is_refused_not_redirected(board):
    response = Client().post(reverse("boards:board_phase", args=[board.pk]), {"phase": "vote"})
    assert response.status_code == 403
