"""Page timings in-process (Django's test client: the view, its queries and the templates; no
network): the board page with 500 ideas of 140 characters, as a participant with ten ideas of their
own and as the board's facilitator sees it (bytes of HTML before compression too), with 50 ideas
(the queries must not grow), and the directory with 2000 members.

    python -m benchmarks.pages DATABASE_URL SETUP_JSON [--board-only]   (run by `python -m benchmarks run`)

Imports nothing of the benchmarks package: `python -m benchmarks run` also runs this file on the
landed commit's checkout (benchmarks/baseline.py), against that code.
"""

from __future__ import annotations

import json
import os
import sys
import time

REQUESTS = 60
IDEA_LENGTH = 140
OWN_IDEAS = 10
FILLER = (
    "meer podia voor jonge makers in IJmond, met open ateliers op zaterdag, een route langs de "
    "werkplaatsen aan het kanaal en een avond voor nieuw werk in de bibliotheek"
)


def timed(client, path: str, headers: dict, requests: int = REQUESTS) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    count = len(queries)  # now: every request starts by clearing the connection's query log
    size = len(response.content)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"queries": count, "bytes": size, "p50_ms": round(times[len(times) // 2], 1),
            "p99_ms": round(times[int(0.99 * (len(times) - 1))], 1)}  # fmt: skip


def ideas_of_140(board_id: int, cookie: str) -> None:
    """Every idea of the board 140 characters long, and every fiftieth one the viewer's own."""
    from django.contrib.sessions.backends.db import SessionStore

    from boards.models import Idea

    try:
        from boards.identity import GUESTS_KEY

        session = SessionStore(
            session_key=dict(p.split("=", 1) for p in cookie.split("; "))["sessionid"]
        ).load()
        guest_id = next(iter(session.get(GUESTS_KEY, {}).values()), None)
    except ImportError:  # a checkout that keeps its guests otherwise: no own ideas
        guest_id = None
    ideas = list(Idea.objects.filter(board_id=board_id).order_by("pk"))
    for index, idea in enumerate(ideas):
        idea.text = f"Idee {index}: {FILLER}"[: IDEA_LENGTH - 1] + "."
        if guest_id is not None and index % (len(ideas) // OWN_IDEAS or 1) == 0:
            idea.author_guest_id = guest_id
    Idea.objects.bulk_update(ideas, ["text", "author_guest"])


def main(database_url: str, data: dict, board_only: bool = False) -> list[dict]:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmij.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-pages-" + "x" * 40)
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    import django

    django.setup()
    from django.test import Client

    from boards.models import Idea

    def client_with(cookie: str) -> Client:
        client = Client()
        for part in cookie.split("; "):
            name, value = part.split("=", 1)
            client.cookies[name] = value
        return client

    ideas_of_140(data["board"], data["cookies"][0])
    guest, member = client_with(data["cookies"][0]), client_with(data["member_cookie"])
    guest.get(data["board_path"])
    # As served: cmij/asgi.py freezes what start-up made and raises the full collection's threshold.
    import cmij.asgi  # noqa: F401

    rows = []
    board_500 = timed(guest, data["board_path"], {})
    rows.append({"page": "board, 500 ideas", **board_500})
    # The organiser who made the meeting: the board's facilitator. Fewer requests: only its bytes
    # have a target.
    rows.append(
        {"page": "board, 500 ideas, facilitator", **timed(member, data["board_path"], {}, REQUESTS // 6)}
    )
    keep = list(Idea.objects.filter(board_id=data["board"]).order_by("pk").values_list("pk", flat=True)[:50])
    Idea.objects.filter(board_id=data["board"]).exclude(pk__in=keep).delete()
    rows.append({"page": "board, 50 ideas", **timed(guest, data["board_path"], {})})
    if board_only:
        return rows
    rows.append({"page": "directory, 2000 members, page 1", **timed(member, "/makers/", {})})
    rows.append(
        {"page": "directory, search 'schilderijen'", **timed(member, "/makers/?zoek=schilderijen", {})}
    )
    return rows


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], json.loads(sys.argv[2]), board_only="--board-only" in sys.argv[3:])))
