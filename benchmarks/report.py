"""The results as a Markdown table and PNG plots."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

COLUMNS = [
    ("key", "variant"), ("scenario", "scenario"), ("subscribers", "subs"), ("rate", "msg/s"), ("messages", "msgs"),
    ("last_p50_ms", "last p50 ms"), ("last_p99_ms", "last p99 ms"), ("all_p50_ms", "all p50 ms"),
    ("lost", "lost"), ("expected", "expected"), ("server_us_per_delivery", "server µs/delivery"),
    ("idle_kb_per_connection", "KB/idle conn"), ("connect_seconds", "connect s"), ("connect_p99_ms", "connect p99 ms"),
    ("client_cpu_seconds", "harness CPU s"), ("closed", "closed by server"), ("redis_clients", "Redis conns"), ("postgres_connections", "PG conns"),
]  # fmt: skip


def versions() -> dict:
    names = ["django", "channels", "daphne", "channels-redis", "redis", "websockets", "psycopg", "uvloop"]
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


def markdown(meta: dict, rows: list[dict], pages: list[dict]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"- date: {meta['date']}, {meta['seconds']} s in all",
        f"- machine: {meta['machine']}; Python {meta['python']}",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()),
        f"- command: `{meta['command']}`",
        *(
            [f"- baseline (the landed commit, checked out beside this tree): `{meta['baseline']['commit']}`"]
            if meta.get("baseline")
            else []
        ),
        "",
        "Variants: A raw `websockets` broadcast; B the Channels tutorial (group per room, channels-redis);"
        " C-hub our hub with a ready fragment published to its Redis topic; C-app an idea posted over the"
        " board socket through the app (validation, the row, `seq`, one render per audience, the publish)."
        " *last* is the latency to the last subscriber of each message; *lost* counts every expected"
        " delivery that had not arrived after a 3 s drain.",
        "",
        "| " + " | ".join(title for _key, title in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row, key) for key, _title in COLUMNS) + " |")
    failed = [r for r in rows if "error" in r]
    rows = [r for r in rows if "error" not in r]
    lines += cost(rows, failed)
    lines += ["", "## Targets (issue #29), from this run", ""]
    lines += targets_29(rows, pages)
    lines += [
        "",
        "## Targets (issue #13), from this run",
        "",
        "Latency and CPU are the mean of the two rounds where a variant ran twice (both p99s shown).",
        "",
    ]
    lines += targets(rows, pages)
    lines += [
        f"- **failed run**: {r['key']} {r['scenario']} {r['subscribers']}@{r['rate']}/s: {r['error']}"
        for r in failed
    ]
    lines += storm(rows) + scenarios(rows)
    if pages:
        lines += ["", "## Pages (in-process, Django's test client)", "",
                  "Ideas of 140 characters; the participant has ten of the 500 ideas.", "",
                  "| tree | page | bytes | queries | p50 ms | p99 ms |", "|---|---|---|---|---|---|"]  # fmt: skip
        lines += [f"| {p.get('tree', 'current')} | {p['page']} | {p.get('bytes', '')} | {p['queries']} | "
                  f"{p['p50_ms']} | {p['p99_ms']} |" for p in pages]  # fmt: skip
    lines += ["", "Plots: `latency_by_subscribers.png`, `latency_by_rate.png`, `abc_1000.png`.", ""]
    return "\n".join(lines)


def _cell(row: dict, key: str) -> str:
    if key == "scenario" and "error" in row:
        return f"{row['scenario']}: FAILED ({row['error'][:80]})"
    if key == "closed":
        codes = row.get("extra", {}).get("closed_by_server", [])
        return ", ".join(f"{codes.count(c)}x{c}" for c in sorted(set(codes))) or "0"
    value = row.get(key, "")
    if key == "key" and row.get("tree"):
        return f"{value} ({row['tree']})"
    if key == "key" and row.get("stalled"):
        return f"{value} (5% stalled)"
    if key == "key" and row.get("round") == 2:
        return f"{value} (again)"
    return str(value)


def storm(rows: list[dict]) -> list[str]:
    """Round 2's groups: 1000 phones opening their sockets evenly within 2 s, then the round's messages."""
    chosen = [r for r in rows if r.get("scenario") == "storm"]
    if not chosen:
        return []
    lines = ["", "## Connect storm: 1000 phones within 2 s", "",
             "The second round's groups, on a fresh server: sockets opened evenly, 500 a second (the first round "
             "opened its groups 64 at a time). *Live* means the server's first frame arrived (our app sends it once "
             "the socket is registered with the hub; A and B: the handshake). Then the round's messages to every "
             "socket that got in.", "",
             "| variant | phones | got in | failed | all live after s | per phone p50 ms | per phone p99 ms | "
             "then lost | of |", "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in chosen:
        lines.append(f"| {r['key']} | {r['subscribers']} | {r.get('connected', '')} | {r.get('connect_failed', '')} | "
                     f"{r['connect_seconds']} | {r.get('connect_p50_ms', '')} | {r.get('connect_p99_ms', '')} | "
                     f"{r['lost']} | {r['expected']} |")  # fmt: skip
    return lines


COST_FIGURES = (
    ("post_p50_ms", "post answered p50"), ("post_p99_ms", "post answered p99"),
    ("probe_connect_p50_ms", "connect to first frame p50"), ("probe_connect_p99_ms", "connect to first frame p99"),
)  # fmt: skip


def cost(rows: list[dict], failed: list[dict]) -> list[str]:
    """#29: a post's answer to its poster and a new socket's first frame, for the current tree and
    the landed commit checked out beside it, during the same kind of run."""
    chosen = [r for r in rows if r.get("scenario") == "cost"]
    broken = [r for r in failed if r.get("scenario") == "cost"]
    if not chosen and not broken:
        return []
    lines = ["", "## Cost of a post and of a connect (#29)", "",
             "The embedded default (SQLite, in-process hub), each tree on a fresh server and database made by "
             "its own code, its subscribers opened 64 at a time, then ideas posted over the board socket at "
             "the given rate by ten guests. Meanwhile each post is timed from its send to the answer the "
             "server sends the poster only (the fresh form and the poster's own state), and every half second "
             "a new guest socket is timed from the start of its connect to its first frame, then closed. "
             "*Unanswered*: no answer within 30 s of the last post; *failed*: no first frame within 10 s. "
             "The fan-out figures and loss are counted as in every run (a 3 s drain).", "",
             "| tree | subs | ideas/s | posts | post p50 ms | post p99 ms | refused | unanswered | probes live | "
             "connect p50 ms | connect p99 ms | probes failed | fan-out last p50 / p99 ms | lost | of |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in chosen:
        x = r["extra"]
        lines.append(f"| {r.get('tree', '')} | {r['subscribers']} | {r['rate']:g} | {r['messages']} | "
                     f"{x['post_p50_ms']} | {x['post_p99_ms']} | {x['posts_refused']} | {x['posts_unanswered']} | "
                     f"{x['probes_live']} | {x['probe_connect_p50_ms']} | {x['probe_connect_p99_ms']} | "
                     f"{x['probes_failed']} | {r['last_p50_ms']} / {r['last_p99_ms']} | {r['lost']} | {r['expected']} |")  # fmt: skip
    lines += [f"| {r.get('tree', '')} | {r['subscribers']} | {r['rate']:g} | FAILED: {r['error'][:120]} |"
              for r in broken]  # fmt: skip
    lines += ["", *cost_targets(rows)]
    return lines


def cost_targets(rows: list[dict]) -> list[str]:
    """Each of the four figures at most a third of the landed commit's; a post without an answer or a
    probe without a first frame in the current tree fails them all (its time is not known)."""
    chosen = [r for r in rows if r.get("scenario") == "cost"]
    current = next((r for r in chosen if r.get("tree") == "current"), None)
    landed = next((r for r in chosen if str(r.get("tree", "")).startswith("baseline")), None)
    if current is None or landed is None:
        return ["- post and connect at most a third of the landed commit's: not measured in this run "
                "(needs the current tree and `--baseline`)"]  # fmt: skip
    now, then = current["extra"], landed["extra"]
    missing = now["posts_unanswered"] + now["posts_refused"] + now["probes_failed"]
    size = f"{current['subscribers']} subscribers, {current['rate']:g} ideas/s"
    lines = []
    for key, title in COST_FIGURES:
        ratio = now[key] / then[key] if then[key] else float("nan")
        ok = ratio <= 1 / 3 and not missing
        lines.append(f"- {title}, {size}: {now[key]} ms against {then[key]} ms at {landed['tree']} = "
                     f"{ratio:.2f}x (at most 1/3 = 0.33x): {_verdict(ok)}")  # fmt: skip
    if missing:
        lines.append(f"- the current tree left {now['posts_unanswered']} posts unanswered, {now['posts_refused']} "
                     f"refused and {now['probes_failed']} probes without a first frame: the targets above are not met")  # fmt: skip
    return lines


def scenarios(rows: list[dict]) -> list[str]:
    lines = []
    for scenario, title in (("moderation", "A moderation edit (the facilitator corrects an idea's text)"),
                            ("notify", "A callout notifying every connected member (the bell's \"+1\")")):  # fmt: skip
        chosen = [r for r in rows if r.get("scenario") == scenario]
        if not chosen:
            continue
        lines += ["", f"## {title}", "", "| variant | subs | msg/s | msgs | last p50 ms | last p99 ms | all p50 ms | "
                  "lost | expected | server µs/delivery |", "|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
        lines += [f"| {r['key']} | {r['subscribers']} | {r['rate']} | {r['messages']} | {r['last_p50_ms']} | "
                  f"{r['last_p99_ms']} | {r['all_p50_ms']} | {r['lost']} | {r['expected']} | "
                  f"{r['server_us_per_delivery']} |" for r in chosen]  # fmt: skip
    return lines


def plots(rows: list[dict], folder: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plain = [r for r in rows if not r.get("stalled") and r.get("scenario", "fan-out") == "fan-out"]
    variants = list(dict.fromkeys(r["key"] for r in plain))

    def series(filter_key: str, filter_value, x_key: str):
        for variant in variants:
            points = sorted(
                (r[x_key], r["last_p99_ms"], r["last_p50_ms"])
                for r in plain
                if r["key"] == variant and r[filter_key] == filter_value and r.get("round", 1) == 1
            )
            if points:
                yield variant, points

    for name, filter_key, value, x_key, xlabel in (
        ("latency_by_subscribers.png", "rate", 5.0, "subscribers", "subscribers (5 messages/s)"),
        ("latency_by_rate.png", "subscribers", 1000, "rate", "messages/s (1000 subscribers)"),
    ):
        figure, axis = plt.subplots(figsize=(8, 5))
        for variant, points in series(filter_key, value, x_key):
            # One colour per variant in every plot: p99 solid, p50 dashed.
            xs, colour = [p[0] for p in points], f"C{variants.index(variant) % 10}"
            axis.plot(xs, [p[1] for p in points], marker="o", color=colour, label=f"{variant} p99")
            axis.plot(
                xs, [p[2] for p in points], marker=".", linestyle="--", color=colour, label=f"{variant} p50"
            )
        axis.set_xlabel(xlabel)
        axis.set_ylabel("latency to the last subscriber (ms)")
        axis.set_yscale("log")
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=7)
        figure.tight_layout()
        figure.savefig(folder / name, dpi=110)
        plt.close(figure)

    figure, axis = plt.subplots(figsize=(8, 5))
    chosen = [r for r in plain if r["subscribers"] == 1000 and r["rate"] == 5.0 and r.get("round", 1) == 1]
    axis.bar([r["key"] for r in chosen], [r["last_p50_ms"] for r in chosen], label="p50")
    axis.bar([r["key"] for r in chosen], [r["last_p99_ms"] - r["last_p50_ms"] for r in chosen],
             bottom=[r["last_p50_ms"] for r in chosen], label="p99", alpha=0.5)  # fmt: skip
    axis.set_ylabel("latency to the last of 1000 subscribers at 5/s (ms)")
    axis.set_yscale("log")
    axis.set_ylim(bottom=1)
    axis.legend()
    plt.setp(axis.get_xticklabels(), rotation=20, ha="right", fontsize=8)
    figure.tight_layout()
    figure.savefig(folder / "abc_1000.png", dpi=110)
    plt.close(figure)


def _found(rows: list[dict], key: str, subscribers: int, rate: float) -> list[dict]:
    """The fan-out runs of a variant at this size and rate, one per round (round 2's are its storm
    groups); not the stalled-reader run."""
    return [r for r in rows if r["key"] == key and r["subscribers"] == subscribers and r["rate"] == rate
            and not r.get("stalled") and r.get("scenario", "fan-out") in ("fan-out", "storm")]  # fmt: skip


def _find(rows: list[dict], key: str, subscribers: int, rate: float) -> dict | None:
    """The mean of the rounds' latencies and CPU (both rounds when there were two)."""
    found = _found(rows, key, subscribers, rate)
    if not found:
        return None
    mean = dict(found[0])
    for name in ("last_p50_ms", "last_p99_ms", "server_us_per_delivery"):
        mean[name] = round(sum(r[name] for r in found) / len(found), 1)
    mean["rounds"] = " / ".join(str(r["last_p99_ms"]) for r in found)
    return mean


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _ratio_line(title: str, app: dict, hub: dict, figure: str, most: float) -> str:
    ratio = app[figure] / hub[figure] if hub[figure] else float("nan")
    return f"{title} {app[figure]} ms = {ratio:.1f}x the hub's {hub[figure]} ms (at most {most:g}x): {_verdict(ratio <= most)}"


def targets_29(rows: list[dict], pages: list[dict]) -> list[str]:
    """#29's targets, from this run: the cost of a post and of a connect is in its own section."""
    lines = ["- the cost of a post and of a connect, at most a third of the landed commit's: see "
             "\"Cost of a post and of a connect (#29)\" above"]  # fmt: skip
    # The whole app on the embedded default against our hub alone, 1000 subscribers.
    for rate, p50_most, p99_most in ((5.0, 1.5, 1.5), (20.0, 3.0, 4.0)):
        app, hub = _find(rows, "C-app-embedded", 1000, rate), _find(rows, "C-hub-1p", 1000, rate)
        if not app or not hub:
            lines.append(
                f"- C-app-embedded against C-hub-1p, 1000 subscribers, {rate:g}/s: not measured in this run"
            )
            continue
        p50 = _ratio_line("p50", app, hub, "last_p50_ms", p50_most)
        p99 = _ratio_line("p99", app, hub, "last_p99_ms", p99_most)
        lost = sum(r["lost"] for r in _found(rows, "C-app-embedded", 1000, rate))
        expected = sum(r["expected"] for r in _found(rows, "C-app-embedded", 1000, rate))
        lines.append(f"- C-app-embedded against C-hub-1p, 1000 subscribers, {rate:g}/s (p99 per round: app "
                     f"{app['rounds']}, hub {hub['rounds']}): {p50}; {p99}; lost {lost} of {expected} "
                     f"(nothing): {_verdict(lost == 0)}")  # fmt: skip
    storms = [
        r
        for r in rows
        if r.get("scenario") == "storm" and r["key"] == "C-app-embedded" and r["subscribers"] == 1000
    ]
    for r in storms:
        got_in = r.get("connected") == r["subscribers"] and not r.get("connect_failed")
        lines.append(f"- connect storm on the embedded default, 1000 phones within 2 s: {r.get('connected')} got in "
                     f"(every one): {_verdict(got_in)}; the last live after {r['connect_seconds']} s (within 10 s): "
                     f"{_verdict(got_in and r['connect_seconds'] <= 10)}; then lost {r['lost']} of {r['expected']} "
                     f"at {r['rate']:g}/s (nothing): {_verdict(got_in and r['lost'] == 0)}")  # fmt: skip
    if not storms:
        lines.append(
            "- connect storm on the embedded default, 1000 phones within 2 s: not measured in this run"
        )
    for rate in (5.0, 20.0):
        a, hub = _find(rows, "A", 1000, rate), _find(rows, "C-hub-1p", 1000, rate)
        if a and hub:
            ratio = hub["server_us_per_delivery"] / a["server_us_per_delivery"]
            lines.append(f"- server CPU per delivery on the hub path (C-hub-1p), 1000 subscribers, {rate:g}/s: "
                         f"{hub['server_us_per_delivery']} µs = {ratio:.1f}x A's {a['server_us_per_delivery']} µs "
                         f"(at most 1.5x): {_verdict(ratio <= 1.5)}")  # fmt: skip
        else:
            lines.append(
                f"- server CPU per delivery on the hub path, {rate:g}/s: not measured in this run (needs A and C-hub-1p)"
            )
    lines += _page_targets(pages)
    return lines


PARTICIPANT_BYTES, FACILITATOR_BYTES = 150 * 1024, 300 * 1024


def _page_targets(pages: list[dict]) -> list[str]:
    now = {p["page"]: p for p in pages if p.get("tree", "current") == "current"}
    then = {p["page"]: p for p in pages if str(p.get("tree", "")).startswith("baseline")}
    b500, b50, facilitator = (
        now.get("board, 500 ideas"),
        now.get("board, 50 ideas"),
        now.get("board, 500 ideas, facilitator"),
    )
    if not b500 or "bytes" not in b500:
        return ["- the board page with 500 ideas of 140 characters: not measured in this run"]
    lines = [f"- board page, 500 ideas of 140 characters, a participant: {b500['bytes']:,} bytes (at most 150 KB = "
             f"{PARTICIPANT_BYTES:,}): {_verdict(b500['bytes'] <= PARTICIPANT_BYTES)}"]  # fmt: skip
    if facilitator:
        lines.append(f"- the same, its facilitator: {facilitator['bytes']:,} bytes (at most 300 KB = {FACILITATOR_BYTES:,}): "
                     f"{_verdict(facilitator['bytes'] <= FACILITATOR_BYTES)}")  # fmt: skip
    if b50:
        lines.append(f"- its queries: {b500['queries']} with 500 ideas, {b50['queries']} with 50 (the same): "
                     f"{_verdict(b500['queries'] == b50['queries'])}")  # fmt: skip
    landed = then.get("board, 500 ideas")
    if landed and landed.get("bytes"):
        bytes_ratio, time_ratio = b500["bytes"] / landed["bytes"], b500["p50_ms"] / landed["p50_ms"]
        lines.append(f"- its render time, in-process p50: {b500['p50_ms']} ms against {landed['p50_ms']} ms at "
                     f"{landed['tree']} = {time_ratio:.2f}x, its bytes {b500['bytes']:,} against {landed['bytes']:,} = "
                     f"{bytes_ratio:.2f}x (the time falls at least in proportion to the bytes): "
                     f"{_verdict(time_ratio <= bytes_ratio)}")  # fmt: skip
    else:
        lines.append(
            "- its render time against the landed commit's: not measured in this run (needs `--baseline`)"
        )
    return lines


def targets(rows: list[dict], pages: list[dict]) -> list[str]:
    """Each target of the issue with the numbers it compares, and whether this run met it."""
    lines = []
    for rate in (5.0, 20.0):
        a = _find(rows, "A", 1000, rate)
        hub, hub2 = _find(rows, "C-hub-1p", 1000, rate), _find(rows, "C-hub-2p", 1000, rate)
        if a and hub:
            a50, a99 = a["last_p50_ms"], a["last_p99_ms"]
            lines.append(
                f"- C-hub, 1000 subscribers, {rate:g}/s (p99 per round: C-hub {hub['rounds']}, A {a['rounds']}): "
                f"p50 {hub['last_p50_ms']} ms = "
                f"{hub['last_p50_ms'] / a50:.1f}x A ({a50:.1f} ms; target at most 2x): "
                f"{_verdict(hub['last_p50_ms'] <= 2 * a50)}; p99 {hub['last_p99_ms']} ms = "
                f"{hub['last_p99_ms'] / a99:.1f}x A ({a99:.1f} ms; at most 3x): {_verdict(hub['last_p99_ms'] <= 3 * a99)}; "
                f"{hub['server_us_per_delivery']} µs server CPU per delivery (at most 40): "
                f"{_verdict(hub['server_us_per_delivery'] <= 40)}"
            )
            if hub2:
                lines.append(
                    f"- C-hub, two processes, {rate:g}/s: p50 {hub2['last_p50_ms']} ms, p99 {hub2['last_p99_ms']} ms "
                    f"(no worse than one process: {_verdict(hub2['last_p99_ms'] <= hub['last_p99_ms'] * 1.1)})"
                )
    hub, b = _find(rows, "C-hub-1p", 1000, 5.0), _find(rows, "B", 1000, 5.0)
    for key in ("C-app-embedded", "C-app-2p"):
        app = _find(rows, key, 1000, 5.0)
        if app and hub and b:
            lines.append(
                f"- {key}, 1000 subscribers, 5/s: p99 {app['last_p99_ms']} ms = {app['last_p99_ms'] / hub['last_p99_ms']:.1f}x "
                f"C-hub (at most 1.5x): {_verdict(app['last_p99_ms'] <= 1.5 * hub['last_p99_ms'])}; "
                f"B's p99 is {b['last_p99_ms'] / app['last_p99_ms']:.0f}x higher (at least 20x): "
                f"{_verdict(b['last_p99_ms'] >= 20 * app['last_p99_ms'])}"
            )
    ours = [r for r in rows if r["key"].startswith("C") and not str(r.get("tree", "")).startswith("baseline")]
    lost = [r for r in ours if r["lost"] and not r.get("stalled")]
    lines.append(f"- zero loss without faults in every C run: {_verdict(not lost)}"
                 + (f" ({', '.join(r['key'] + ' ' + str(r['subscribers']) + '@' + str(r['rate']) for r in lost)})" if lost else ""))  # fmt: skip
    stalled = [r for r in ours if r.get("stalled")]
    for r in stalled:
        plain = _find(rows, r["key"], r["subscribers"], r["rate"])
        lines.append(
            f"- {r['key']} with 5% stalled readers: the others' p99 {r['last_p99_ms']} ms against "
            f"{plain['last_p99_ms'] if plain else '?'} ms without; lost among readers {r['lost']}"
        )
    # Round 1's groups: opened at a gentle pace on a fresh server, so every socket got in.
    memory = [r["idle_kb_per_connection"] for r in ours
              if r.get("idle_kb_per_connection") is not None and r.get("round", 1) == 1]  # fmt: skip
    if memory:
        worst = max(memory)
        lines.append(f"- server memory per idle connection (1000 on a fresh server): at most {worst} KB (target 50 KB): "
                     f"{_verdict(worst <= 50)}")  # fmt: skip
    board = {
        p["page"]: p for p in pages if p["page"].startswith("board") and p.get("tree", "current") == "current"
    }
    if "board, 500 ideas" in board and "board, 50 ideas" in board:
        b500, b50 = board["board, 500 ideas"], board["board, 50 ideas"]
        lines.append(
            f"- board page: {b500['queries']} queries with 500 ideas, {b50['queries']} with 50 (constant: "
            f"{_verdict(b500['queries'] == b50['queries'])}); p99 {b500['p99_ms']} ms with 500 (at most 150): "
            f"{_verdict(b500['p99_ms'] <= 150)}"
        )
    return lines
