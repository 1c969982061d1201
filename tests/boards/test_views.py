"""Board pages and actions over HTTP: the same services, for HTMX and for plain POSTs."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from boards import ratelimit, services
from boards.identity import GUESTS_KEY
from boards.models import Board, Guest, Idea
from tests.helpers.clients import HTMX, sent_to_log_in

pytestmark = pytest.mark.django_db


def as_guest_client(client, guest):
    session = client.session
    session[GUESTS_KEY] = {str(guest.meeting_id): guest.pk}
    session.save()
    return client


def post_idea(client, board, text="Een idee", client_msg_id="clientid0001", **extra):
    return client.post(
        reverse("boards:idea_create", args=[board.pk]),
        {"text": text, "prompt": board.prompts.first().pk, "client_msg_id": client_msg_id},
        **extra,
    )


def test_a_guest_joins_with_the_code_and_lands_on_the_plenary_board(client, meeting, board):
    response = client.post(
        reverse("boards:join"), {"code": meeting.join_code.lower(), "display_name": "Femke"}
    )
    assert response.status_code == 302 and response["Location"] == board.get_absolute_url()
    page = client.get(board.get_absolute_url()).content.decode()
    assert "Femke" not in page or "board--participants" in page
    assert meeting.join_code not in page  # the code is for the projector, never for participants
    assert Guest.objects.get().display_name == "Femke"


def test_a_wrong_code_says_why_in_dutch_and_is_rate_limited_per_client(client, meeting, monkeypatch):
    monkeypatch.setattr(ratelimit, "PER_CLIENT", 3)
    for _ in range(3):
        response = client.post(reverse("boards:join"), {"code": "FOUTCODE99", "display_name": "Femke"})
        assert "niet (meer) geldig" in response.content.decode()
    response = client.post(reverse("boards:join"), {"code": meeting.join_code, "display_name": "Femke"})
    assert response.status_code == 429
    assert not Guest.objects.exists()
    # Another browser in the same room (same address, no cookie yet) may still join.
    other = client.__class__()
    assert (
        other.post(reverse("boards:join"), {"code": meeting.join_code, "display_name": "Joost"}).status_code
        == 302
    )


def test_strangers_are_sent_to_the_join_page(client, board):
    response = client.get(board.get_absolute_url())
    assert response.status_code == 302 and reverse("boards:join") in response["Location"]


def test_a_guest_of_another_meeting_cannot_open_this_board(client, board, organiser):
    from tests.helpers.factories import meeting as make_meeting

    other_meeting = make_meeting(by=organiser, title="Een andere avond")
    stranger = services.guest_join(meeting=other_meeting, code=other_meeting.join_code, display_name="Elders")
    as_guest_client(client, stranger)
    assert client.get(board.get_absolute_url()).status_code == 302
    assert post_idea(client, board).status_code == 403


def test_an_htmx_post_answers_with_a_fresh_form_and_my_state(client, board, guest):
    as_guest_client(client, guest)
    response = post_idea(client, board, text="Open ateliers", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="board-{board.pk}-form"' in html and f'id="board-{board.pk}-me"' in html
    idea = Idea.objects.get()
    assert f'data-own="{idea.pk}"' in html
    assert "Open ateliers" not in html.split(f'id="board-{board.pk}-me"')[0]  # the field is empty again


def test_a_refused_htmx_post_keeps_the_text_in_the_field_with_the_reason(client, board, guest, facilitator):
    services.board_set_locked(board=board, by=facilitator, locked=True)
    as_guest_client(client, guest)
    html = post_idea(client, board, text="Bijna kwijt", **HTMX).content.decode()
    assert "Bijna kwijt" in html and 'role="alert"' in html
    assert not Idea.objects.exists()


def test_a_plain_post_without_javascript_works_and_redirects(client, board, guest):
    as_guest_client(client, guest)
    response = post_idea(client, board, text="Zonder JavaScript")
    assert response.status_code == 302
    assert "Zonder JavaScript" in client.get(board.get_absolute_url()).content.decode()


def test_the_facilitator_page_shows_the_code_the_queue_and_hidden_ideas(
    client, board, guest, facilitator, meeting
):
    services.board_update_settings(board=board, by=facilitator, moderated=True)
    make_idea(
        board,
        guest_participant(guest),
        "Wachtend",
        "wachtend0001",
    )
    client.force_login(facilitator)
    page = client.get(board.get_absolute_url()).content.decode()
    assert meeting.join_code in page and "Wachtend" in page and "board--facilitators" in page


def make_idea(board, participant, text, client_msg_id):
    """An idea in the board's first column, and whether it was new."""
    return services.idea_create(
        board=board,
        participant=participant,
        prompt=board.prompts.first(),
        text=text,
        client_msg_id=client_msg_id,
    )


def guest_participant(guest):
    from boards.identity import Participant

    return Participant(guest=guest)


def test_the_projector_needs_its_link_or_a_moderator(client, board, meeting, member):
    url = reverse("boards:projector", args=[board.pk])
    assert sent_to_log_in(client.get(url))  # a facilitator or an organiser may open it
    assert sent_to_log_in(client.get(url + "?t=wrong"))
    page = client.get(url + f"?t={board.projector_token}").content.decode()
    assert meeting.join_code in page and "data:image/svg+xml" in page
    client.force_login(member)
    assert client.get(url).status_code == 403


def test_the_projector_shows_the_board_alone_and_the_board_keeps_the_site_menu(client, board, facilitator):
    projector = client.get(
        reverse("boards:projector", args=[board.pk]) + f"?t={board.projector_token}"
    ).content.decode()
    assert 'class="site-header"' not in projector and 'class="site-nav"' not in projector
    assert 'id="live"' in projector  # the socket stays: the room sees ideas arrive
    client.force_login(facilitator)
    page = client.get(reverse("boards:board", args=[board.pk])).content.decode()
    assert 'class="site-header"' in page and 'class="site-nav"' in page


def test_the_plenary_projector_shows_the_breakouts_side_by_side(client, board, breakout):
    page = client.get(
        reverse("boards:projector", args=[board.pk]) + f"?t={board.projector_token}&breakouts=1"
    ).content.decode()
    assert (
        f'id="board-{breakout.pk}"' in page
        and f"/ws/boards/{breakout.pk}/?t={breakout.projector_token}" in page
    )


def test_the_join_qr_code_links_to_the_base_url(client, board, settings):
    from boards import rendering

    settings.CMIJ_BASE_URL = "http://192.168.1.23:8000"
    assert rendering.join_url(board.meeting).startswith(
        f"http://192.168.1.23:8000/meedoen/?code={board.meeting.join_code}&k={board.meeting.pk}."
    )


@pytest.mark.parametrize("action", ["hide", "pin", "approve"])
def test_members_who_do_not_facilitate_cannot_moderate(client, board, guest, member, action):
    idea, _ = make_idea(
        board,
        guest_participant(guest),
        "Idee",
        "moderate0001",
    )
    client.force_login(member)
    assert client.post(reverse(f"boards:idea_{action}", args=[idea.pk])).status_code == 403
    idea.refresh_from_db()
    assert idea.status == Idea.Status.VISIBLE and not idea.pinned


def test_a_facilitator_hides_over_htmx_and_a_bad_action_gets_a_notice(client, board, guest, facilitator):
    idea, _ = make_idea(
        board,
        guest_participant(guest),
        "Idee",
        "moderate0002",
    )
    client.force_login(facilitator)
    assert client.post(reverse("boards:idea_hide", args=[idea.pk]), **HTMX).status_code == 200
    idea.refresh_from_db()
    assert idea.status == Idea.Status.HIDDEN
    response = client.post(reverse("boards:idea_approve", args=[idea.pk]), **HTMX)
    assert f'id="board-{board.pk}-notice"' in response.content.decode()


def test_phase_and_timer_by_the_facilitator(client, board, facilitator):
    client.force_login(facilitator)
    client.post(reverse("boards:board_phase", args=[board.pk]), {"phase": "vote"})
    client.post(reverse("boards:timer_start", args=[board.pk]), {"minutes": "5"})
    board.refresh_from_db()
    assert board.phase == Board.Phase.VOTE and board.timer_ends_at is not None


def test_the_csv_export_neutralises_formulas(client, board, guest, facilitator):
    for n, text in enumerate(['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "Gewoon idee"]):
        make_idea(
            board,
            guest_participant(guest),
            text,
            f"export{n:06d}",
        )
    client.force_login(facilitator)
    response = client.get(reverse("boards:export", args=[board.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    texts = [row[1] for row in rows[1:]]
    assert all(not text.startswith(("=", "+", "-", "@")) for text in texts)
    assert '\'=HYPERLINK("http://evil")' in texts and "Gewoon idee" in texts


def test_the_markdown_export_lists_ideas_by_prompt_with_merges(client, board, guest, facilitator):
    p = guest_participant(guest)
    a, _ = make_idea(board, p, "Agenda", "markdown0001")
    b, _ = make_idea(
        board,
        p,
        "UIT-agenda",
        "markdown0002",
    )
    services.ideas_merge(target=a, others=[b], by=facilitator)
    client.force_login(facilitator)
    text = client.get(reverse("boards:export", args=[board.pk, "md"])).content.decode()
    assert f"# {board.title}" in text and "- Agenda" in text and "  - UIT-agenda" in text


def test_exports_are_for_moderators_only(client, board, member):
    client.force_login(member)
    assert client.get(reverse("boards:export", args=[board.pk, "csv"])).status_code == 403


def test_organisers_create_a_meeting_with_its_plenary_board(client, organiser):
    client.force_login(organiser)
    response = client.post(
        reverse("boards:meeting_create"),
        {
            "title": "Najaarsbijeenkomst",
            "starts_at": "2026-12-03T19:30",
            "ends_at": "2026-12-03T22:00",
            "place": "Bibliotheek IJmuiden",
        },
    )
    assert response.status_code == 302
    board = Board.objects.get(meeting__title="Najaarsbijeenkomst")
    assert board.kind == Board.Kind.PLENARY
    assert board.meeting.starts_at.hour == 18  # 19:30 in Amsterdam is 18:30 UTC in December


def test_a_meeting_that_ends_before_it_starts_is_refused(client, organiser):
    client.force_login(organiser)
    response = client.post(
        reverse("boards:meeting_create"),
        {"title": "Omgekeerd", "starts_at": "2026-12-03T22:00", "ends_at": "2026-12-03T19:30"},
    )
    assert response.status_code == 200 and not Board.objects.exists()


def test_members_cannot_create_meetings(client, member):
    client.force_login(member)
    assert client.get(reverse("boards:meeting_create")).status_code == 403


def test_organisers_add_a_breakout_with_its_own_facilitators(client, meeting, organiser, member):
    client.force_login(organiser)
    client.post(
        reverse("boards:breakout_create", args=[meeting.slug]),
        {"title": "Jong talent op het podium", "theme": "Podiumkansen", "facilitators": [member.pk]},
    )
    breakout = meeting.boards.get(kind=Board.Kind.BREAKOUT)
    assert list(breakout.facilitators.all()) == [member]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Jong talent op het podium" in page and f'name="board-{breakout.pk}-title"' in page


def test_changing_a_breakouts_facilitators_rechecks_their_sockets(
    client, breakout, organiser, member, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            reverse("boards:board_edit", args=[breakout.pk]),
            {f"board-{breakout.pk}-title": "Nieuwe titel", f"board-{breakout.pk}-facilitators": [member.pk]},
        )
    breakout.refresh_from_db()
    assert breakout.title == "Nieuwe titel" and list(breakout.facilitators.all()) == [member]
    assert any("recheck" in repr(callback) for callback in callbacks)


def test_members_cannot_add_breakouts(client, meeting, member):
    client.force_login(member)
    assert (
        client.post(reverse("boards:breakout_create", args=[meeting.slug]), {"title": "Stiekem"}).status_code
        == 403
    )


def test_a_facilitator_moves_an_idea_to_another_column(client, board, guest, facilitator):
    idea, _ = make_idea(
        board,
        guest_participant(guest),
        "Verkeerde kolom",
        "moveit000001",
    )
    target = board.prompts.last()
    client.force_login(facilitator)
    page = client.get(board.get_absolute_url()).content.decode()
    more = reverse("boards:idea_more", args=[idea.pk])
    assert f'href="{more}"' in page  # the rarer actions are a link on the card, not forms in it
    assert f'id="idea-move-{idea.pk}"' in client.get(more).content.decode()
    client.post(reverse("boards:idea_move", args=[idea.pk]), {"prompt": target.pk}, **HTMX)
    idea.refresh_from_db()
    assert idea.prompt == target


def test_the_facilitator_page_needs_no_query_per_idea(
    client, board, guest, facilitator, django_assert_max_num_queries
):
    participant = guest_participant(guest)
    for n in range(3):
        make_idea(
            board,
            participant,
            f"Idee {n}",
            f"few{n:09d}",
        )
    client.force_login(facilitator)
    with django_assert_max_num_queries(40) as few:
        client.get(board.get_absolute_url())
    for n in range(3, 30):
        make_idea(
            board,
            participant,
            f"Idee {n}",
            f"few{n:09d}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(board.get_absolute_url())


def test_a_facilitator_adds_and_renames_columns(client, board, facilitator, member):
    client.force_login(facilitator)
    client.post(reverse("boards:prompt_create", args=[board.pk]), {"title": "Acties"})
    prompt = board.prompts.get(title="Acties")
    client.post(reverse("boards:prompt_rename", args=[prompt.pk]), {"title": "Eerste stappen"})
    prompt.refresh_from_db()
    assert prompt.title == "Eerste stappen"
    client.force_login(member)
    assert (
        client.post(reverse("boards:prompt_rename", args=[prompt.pk]), {"title": "Niet van mij"}).status_code
        == 403
    )


def test_your_own_idea_can_be_edited_and_deleted_over_htmx(client, board, guest):
    as_guest_client(client, guest)
    post_idea(client, board, text="Eerste versie", client_msg_id="owned0000001", **HTMX)
    idea = Idea.objects.get()
    html = client.post(
        reverse("boards:idea_edit", args=[idea.pk]), {"text": "Tweede versie"}, **HTMX
    ).content.decode()
    assert f'id="board-{board.pk}-me"' in html and "Tweede versie" in html
    client.post(reverse("boards:idea_delete", args=[idea.pk]), **HTMX)
    assert not Idea.objects.exists()


def test_script_and_htmx_attributes_in_ideas_and_names_never_act(client, board, meeting):
    from boards import rendering

    hostile = services.guest_join(
        meeting=meeting, code=meeting.join_code, display_name='<img src=x onerror="alert(1)">'
    )
    as_guest_client(client, hostile)
    text = '<script>alert(1)</script><button hx-post="/beheer/" hx-trigger="load">x</button>'
    post_idea(client, board, text=text, client_msg_id="hostile00001")
    idea = Idea.objects.get()
    fragment = rendering.render_idea_oob(idea.pk, rendering.PARTICIPANTS, "nl")
    page = client.get(board.get_absolute_url()).content.decode()
    for html in (fragment, page):
        assert "<script>alert(1)" not in html and 'hx-post="/beheer/"' not in html
        assert "&lt;script&gt;" in html and 'onerror="alert(1)"' not in html
    assert '<p class="idea__text" hx-disable>' in fragment  # the text, and the author's name in the meta
    assert '<p class="idea__meta" hx-disable>&lt;img' in fragment


def test_every_facilitator_endpoint_does_its_work(client, board, meeting, guest, facilitator):
    client.force_login(facilitator)
    idea, _ = make_idea(
        board,
        guest_participant(guest),
        "Tikfout",
        "endpoint0001",
    )
    other, _ = make_idea(
        board,
        guest_participant(guest),
        "Dubbel",
        "endpoint0002",
    )
    old_code, old_token = meeting.join_code, board.projector_token

    def ok(name, *args, data=None):
        response = client.post(reverse(f"boards:{name}", args=args), data or {}, **HTMX)
        assert response.status_code == 200, (name, response.status_code)
        assert f'id="board-{board.pk}-notice"' not in response.content.decode(), (
            name,
            response.content[:300],
        )

    ok(
        "board_settings",
        board.pk,
        data={
            "title": "Nieuw",
            "theme": "",
            "anonymous": "on",
            "votes_per_participant": "5",
            "idea_max_length": "500",
        },
    )
    ok("board_lock", board.pk, data={"locked": "1"})
    ok("board_lock", board.pk, data={"locked": "0"})
    ok("timer_start", board.pk, data={"minutes": "3"})
    ok("timer_stop", board.pk)
    ok("idea_correct", idea.pk, data={"text": "Geen tikfout"})
    ok("idea_merge", other.pk, data={"target": idea.pk})
    ok("join_code_rotate", board.pk)
    ok("joining_set", board.pk, data={"open": "0"})
    ok("projector_link_rotate", board.pk)
    ok("guest_kick", board.pk, data={"guest": guest.pk})

    board.refresh_from_db()
    meeting.refresh_from_db()
    idea.refresh_from_db()
    other.refresh_from_db()
    guest.refresh_from_db()
    assert (board.title, board.anonymous, board.votes_per_participant, board.idea_max_length) == (
        "Nieuw",
        True,
        5,
        500,
    )
    assert not board.locked and board.timer_ends_at is None
    assert idea.text == "Geen tikfout" and idea.edited_by_facilitator and other.merged_into_id == idea.pk
    assert meeting.join_code != old_code and not meeting.join_open and board.projector_token != old_token
    assert guest.kicked


def test_bad_facilitator_input_gets_a_notice_and_changes_nothing(client, board, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("boards:timer_start", args=[board.pk]), {"minutes": "0"}, **HTMX)
    assert (
        f'id="board-{board.pk}-notice"' in response.content.decode()
        and response["HX-Retarget"] == f"#board-{board.pk}-notice"
    )
    response = client.post(
        reverse("boards:board_settings", args=[board.pk]),
        {"title": "", "idea_max_length": "5000", "votes_per_participant": "3"},
        **HTMX,
    )
    assert f'id="board-{board.pk}-notice"' in response.content.decode()
    board.refresh_from_db()
    assert board.timer_ends_at is None and board.idea_max_length == 280


def test_pinned_queued_and_hidden_cards_say_so_in_words_not_only_in_colour(client, board, facilitator, guest):
    from boards.models import Idea

    pinned, _ = make_idea(board, guest_participant(guest), "Vastgezet idee", "colour000001")
    hidden, _ = make_idea(board, guest_participant(guest), "Verborgen idee", "colour000002")
    services.board_update_settings(board=board, by=facilitator, moderated=True)
    queued, _ = make_idea(board, guest_participant(guest), "Wachtend idee", "colour000003")
    Idea.objects.filter(pk=pinned.pk).update(pinned=True)
    Idea.objects.filter(pk=hidden.pk).update(status=Idea.Status.HIDDEN)
    client.force_login(facilitator)
    page = client.get(board.get_absolute_url()).content.decode()

    def card(idea) -> str:
        start = page.index(f'id="idea-{idea.pk}"')
        return page[start : page.index("</article>", start)]

    assert ">Vastgezet</span>" in card(pinned)
    assert ">Verborgen</span>" in card(hidden)
    assert ">Wacht op goedkeuring</span>" in card(queued)
