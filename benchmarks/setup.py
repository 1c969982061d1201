"""Benchmark data, made in its own process against the database a variant uses.

    python -m benchmarks.setup DATABASE_URL GUESTS [--ideas N] [--members N] [--member-sessions]

Migrates, makes one meeting with its plenary board (collecting, not moderated), GUESTS guests each
with a Django session (so a subscriber is a guest who joined with the code, as a phone is), and prints
JSON: board, prompt, the participants' topic in Dutch, the guests' cookies, the board's path, an idea
to correct, a discipline every member has, the organiser's cookie (the board's facilitator) and, with
--member-sessions, a logged-in cookie for each member.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta


def main(
    database_url: str, guests: int, ideas: int = 0, members: int = 0, member_sessions: bool = False
) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmij.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-setup-" + "x" * 40)
    os.environ.setdefault("DEBUG", "1")
    os.environ.pop("REDIS_URL", None)  # only the database is needed here
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from boards import services as board_services
    from boards.identity import GUESTS_KEY
    from boards.models import Board, Guest, Idea
    from profiles import services as profile_services
    from realtime import names

    call_command("migrate", verbosity=0)
    organiser = profile_services.member_create(
        email=f"organiser-{os.getpid()}-{timezone.now().timestamp()}@bench.test", password=None,
        display_name="Bench Organiser", is_staff=True,
    )  # fmt: skip

    starts = timezone.now()
    meeting = board_services.meeting_create(
        by=organiser, title="Benchmark", starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    Board.objects.filter(pk=board.pk).update(moderated=False, phase=Board.Phase.COLLECT, locked=False)
    prompt = board.prompts.first()
    made = Guest.objects.bulk_create(
        [Guest(meeting=meeting, display_name=f"Gast {i}") for i in range(guests)]
    )
    if made and made[0].pk is None:
        made = list(Guest.objects.filter(meeting=meeting).order_by("pk"))
    cookies = []
    for guest in made:
        store = SessionStore()
        store[GUESTS_KEY] = {str(meeting.pk): guest.pk}
        store.create()
        cookies.append(f"sessionid={store.session_key}; django_language=nl")
    if ideas:
        Idea.objects.bulk_create(
            [Idea(board=board, prompt=prompt, text=f"Idee nummer {i}: meer podia voor jonge makers in IJmond",
                  client_msg_id=f"{i:032x}", author_name="Gast") for i in range(ideas)]
        )  # fmt: skip
    member_cookies = []
    discipline_id = None
    if members:
        from django.contrib.auth import get_user_model

        from profiles.models import Discipline, Municipality, Profile

        User = get_user_model()
        stamp = int(timezone.now().timestamp())
        users = User.objects.bulk_create(
            [
                User(username=f"m{stamp}-{i}@bench.test", email=f"m{stamp}-{i}@bench.test")
                for i in range(members)
            ]
        )
        if users and users[0].pk is None:
            users = list(User.objects.filter(username__startswith=f"m{stamp}-"))
        municipality = Municipality.objects.first()
        profiles = Profile.objects.bulk_create(
            [Profile(user=u, display_name=f"Maker {u.pk}", search_text=f"Maker {u.pk} schilderijen",
                     municipality=municipality) for u in users]
        )  # fmt: skip
        if profiles and profiles[0].pk is None:
            profiles = list(Profile.objects.filter(user__in=users))
        disciplines = list(Discipline.objects.all()[:2])
        Profile.disciplines.through.objects.bulk_create(
            [
                Profile.disciplines.through(profile_id=p.pk, discipline_id=d.pk)
                for p in profiles
                for d in disciplines
            ]
        )
        discipline_id = disciplines[0].pk
        if member_sessions:
            for user in users:
                member_cookies.append(logged_in_cookie(SessionStore, user))
    first_idea = Idea.objects.filter(board=board).order_by("pk").first()
    return {
        "board": board.pk,
        "prompt": prompt.pk,
        "topic": names.board_audience(board.pk, "participants", "nl"),
        "cookies": cookies,
        "member_cookie": logged_in_cookie(SessionStore, organiser),
        "member_cookies": member_cookies,
        "board_path": f"/borden/{board.pk}/",
        "idea": first_idea.pk if first_idea else None,
        "discipline": discipline_id,
    }


def logged_in_cookie(SessionStore, user) -> str:
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"sessionid={store.session_key}; django_language=nl"


if __name__ == "__main__":
    args = sys.argv[1:]
    options = {"ideas": 0, "members": 0, "member_sessions": "--member-sessions" in args}
    if options["member_sessions"]:
        args.remove("--member-sessions")
    for flag in ("--ideas", "--members"):
        if flag in args:
            at = args.index(flag)
            options[flag[2:]] = int(args[at + 1])
            del args[at : at + 2]
    print(json.dumps(main(args[0], int(args[1]), **options)))
