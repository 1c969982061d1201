"""schema.org JSON-LD for an event (escaped for a <script> block as json_script does) and for a page of
the agenda as open data (/agenda.json)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from agenda.models import Event
from agenda.selectors import AMSTERDAM, event_makers
from cmij.text import plain_text

# --- what search engines and link previews read -------------------------------------------------------

# The same escapes as django.utils.html.json_script: "</script>" in a title stays inside its string.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
_PRICE = re.compile(r"(\d+(?:[.,]\d{1,2})?)")


def absolute_url(path: str) -> str:
    """Links that leave the site (feeds, previews, structured data) come from CMIJ_BASE_URL."""
    return f"{settings.CMIJ_BASE_URL}{path}"


def event_image_url(event: Event) -> str:
    return absolute_url(reverse("agenda:event_image", kwargs={"event_id": event.pk})) if event.image else ""


def event_structured_data(event: Event) -> dict[str, object]:
    """schema.org Event, for a public page: only what an anonymous visitor may see."""
    place = event.kern.name if event.kern_id else event.municipality.name
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": timezone.localtime(event.starts_at, AMSTERDAM).isoformat(),
        "endDate": timezone.localtime(event.ends_at, AMSTERDAM).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": event.venue,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address,
                "addressLocality": place,
                "addressCountry": "NL",
            },
        },
        "description": plain_text(event.description_html),
        "url": absolute_url(event.get_absolute_url()),
        "isAccessibleForFree": event.free,
    }
    if event.all_day:
        data["startDate"], data["endDate"] = event.first_day.isoformat(), event.last_day.isoformat()
    if event.source_id:
        data["organizer"] = {"@type": "Organization", "name": event.source.name}
        if event.source.website:
            data["organizer"]["url"] = event.source.website
    # The partners' own pages of this event: its source's, and those of the copies it stands for.
    same = [event.link] if event.source_id and event.link else []
    same += [twin.link for twin in getattr(event, "twins", ()) if twin.link]
    if same:
        data["sameAs"] = same
    if event.image:
        data["image"] = [event_image_url(event)]
    offer: dict[str, object] = {"@type": "Offer", "url": event.link or data["url"], "priceCurrency": "EUR"}
    if event.free:
        offer["price"] = "0"
    elif (amount := _PRICE.search(event.price)) is not None:
        offer["price"] = amount.group(1).replace(",", ".")
    if "price" in offer:
        data["offers"] = offer
    performers = [
        {"@type": "Person", "name": maker.name, **({"url": absolute_url(maker.url)} if maker.url else {})}
        for maker in event_makers(event, AnonymousUser())
    ]
    if performers:
        data["performer"] = performers
    return data


def json_ld(data: dict[str, object]) -> SafeString:
    """JSON for a <script type="application/ld+json"> block, escaped as json_script escapes it."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES))


# --- open data: the agenda as a schema.org ItemList (/agenda.json) --------------------------------------


def event_list_structured_data(
    events: Iterable[Event], *, url: str, total: int, first_position: int
) -> dict[str, object]:
    """One page of the agenda as a schema.org ItemList: each item the Event its page carries (only what
    an anonymous visitor may see), without its own @context. `total`: the events on every page;
    `first_position`: the position of the first on this page (counted from 1 over all pages)."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "url": url,
        "numberOfItems": total,
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": first_position + n,
                "item": {k: v for k, v in event_structured_data(event).items() if k != "@context"},
            }
            for n, event in enumerate(events)
        ],
    }


def json_document(data: dict[str, object]) -> bytes:
    """A JSON(-LD) document served on its own: UTF-8, compact, with <, > and & escaped as json_script
    escapes them, so a title with "</script>" stays string data wherever the document is pasted."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON_SCRIPT_ESCAPES).encode()
