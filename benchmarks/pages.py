"""Page timings in-process (Django's test client: the view, its queries and the templates; no
network): the board page with 500 ideas and the directory with 2000 members.

    python -m benchmarks.pages DATABASE_URL SETUP_JSON      (run by `python -m benchmarks run`)
"""

from __future__ import annotations

import json
import os
import sys
import time

REQUESTS = 60


def timed(client, path: str, headers: dict) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    count = len(queries)  # now: every request starts by clearing the connection's query log
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(path, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"queries": count, "p50_ms": round(times[len(times) // 2], 1),
            "p99_ms": round(times[int(0.99 * (len(times) - 1))], 1)}  # fmt: skip


def main(database_url: str, data: dict) -> list[dict]:
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

    guest, member = client_with(data["cookies"][0]), client_with(data["member_cookie"])
    guest.get(data["board_path"])
    # As served: cmij/asgi.py freezes what start-up made and raises the full collection's threshold.
    import cmij.asgi  # noqa: F401

    rows = []
    board_500 = timed(guest, data["board_path"], {})
    rows.append({"page": "board, 500 ideas", **board_500})
    keep = list(Idea.objects.filter(board_id=data["board"]).order_by("pk").values_list("pk", flat=True)[:50])
    Idea.objects.filter(board_id=data["board"]).exclude(pk__in=keep).delete()
    rows.append({"page": "board, 50 ideas", **timed(guest, data["board_path"], {})})
    rows.append({"page": "directory, 2000 members, page 1", **timed(member, "/makers/", {})})
    rows.append(
        {"page": "directory, search 'schilderijen'", **timed(member, "/makers/?zoek=schilderijen", {})}
    )
    return rows


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], json.loads(sys.argv[2]))))
