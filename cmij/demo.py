"""The demo accounts: fixed and documented, and they only exist once `seed_demo` has run."""

from __future__ import annotations

DEMO_PASSWORD = "cultuur-ijmond-demo"

# email, display name, role
DEMO_ACCOUNTS: list[tuple[str, str, str]] = [
    ("organisator@demo.cmij.nl", "Marloes Bakker", "organiser"),
    ("facilitator@demo.cmij.nl", "Jeroen Visser", "facilitator"),
    ("maker@demo.cmij.nl", "Sanne de Vries", "member"),
]

DEMO_SESSION_TITLE = "Cultuurmakers IJmond: samen zichtbaar"
