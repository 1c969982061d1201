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
        lines += ["", "## Pages (in-process, Django's test client)", "", "| page | queries | p50 ms | p99 ms |",
                  "|---|---|---|---|"]  # fmt: skip
        lines += [f"| {p['page']} | {p['queries']} | {p['p50_ms']} | {p['p99_ms']} |" for p in pages]
    lines += ["", "Plots: `latency_by_subscribers.png`, `latency_by_rate.png`, `abc_1000.png`.", ""]
    return "\n".join(lines)


def _cell(row: dict, key: str) -> str:
    if key == "scenario" and "error" in row:
        return f"{row['scenario']}: FAILED ({row['error'][:80]})"
    if key == "closed":
        codes = row.get("extra", {}).get("closed_by_server", [])
        return ", ".join(f"{codes.count(c)}x{c}" for c in sorted(set(codes))) or "0"
    value = row.get(key, "")
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
    ours = [r for r in rows if r["key"].startswith("C")]
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
    board = {p["page"]: p for p in pages if p["page"].startswith("board")}
    if len(board) == 2:
        b500, b50 = board["board, 500 ideas"], board["board, 50 ideas"]
        lines.append(
            f"- board page: {b500['queries']} queries with 500 ideas, {b50['queries']} with 50 (constant: "
            f"{_verdict(b500['queries'] == b50['queries'])}); p99 {b500['p99_ms']} ms with 500 (at most 150): "
            f"{_verdict(b500['p99_ms'] <= 150)}"
        )
    return lines
