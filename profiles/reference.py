"""The region's reference data: disciplines, municipalities and their villages.

One idempotent function, called by the data migration, `seed_demo` and the test factories alike,
because transactional tests empty every table, data migrations included.
"""

from __future__ import annotations

from django.apps import apps as global_apps

DISCIPLINES: list[tuple[str, str, str]] = [
    # slug, Dutch, English
    ("muziek", "Muziek", "Music"),
    ("dans", "Dans", "Dance"),
    ("theater", "Theater", "Theatre"),
    ("beeldende-kunst", "Beeldende kunst", "Visual arts"),
    ("fotografie", "Fotografie", "Photography"),
    ("film", "Film en video", "Film and video"),
    ("literatuur", "Literatuur en spoken word", "Literature and spoken word"),
    ("erfgoed", "Erfgoed", "Heritage"),
    ("vormgeving", "Vormgeving en design", "Design"),
    ("ambacht", "Ambacht", "Crafts"),
    ("kunsteducatie", "Kunsteducatie", "Arts education"),
    ("cabaret", "Cabaret en comedy", "Cabaret and comedy"),
    ("circus", "Circus en straattheater", "Circus and street theatre"),
    ("nieuwe-media", "Nieuwe media", "New media"),
    ("podiumtechniek", "Podiumtechniek en productie", "Stage technology and production"),
    ("evenementen", "Festivals en evenementen", "Festivals and events"),
]

MUNICIPALITIES: list[tuple[str, str, list[tuple[str, str]]]] = [
    # slug, name, villages (kernen)
    ("beverwijk", "Beverwijk", [("beverwijk", "Beverwijk"), ("wijk-aan-zee", "Wijk aan Zee")]),
    ("heemskerk", "Heemskerk", [("heemskerk", "Heemskerk")]),
    (
        "velsen",
        "Velsen",
        [
            ("ijmuiden", "IJmuiden"),
            ("velsen-noord", "Velsen-Noord"),
            ("velsen-zuid", "Velsen-Zuid"),
            ("velserbroek", "Velserbroek"),
            ("santpoort-noord", "Santpoort-Noord"),
            ("santpoort-zuid", "Santpoort-Zuid"),
            ("driehuis", "Driehuis"),
        ],
    ),
]


def ensure_reference_data(apps=None) -> None:
    """Create or update the reference rows; running it twice changes nothing.

    `apps` is the historical app registry when called from a migration.
    """
    registry = apps or global_apps
    Discipline = registry.get_model("profiles", "Discipline")
    Municipality = registry.get_model("profiles", "Municipality")
    Kern = registry.get_model("profiles", "Kern")

    for slug, name_nl, name_en in DISCIPLINES:
        Discipline.objects.update_or_create(slug=slug, defaults={"name_nl": name_nl, "name_en": name_en})
    for slug, name, kernen in MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(slug=slug, defaults={"name": name})
        for kern_slug, kern_name in kernen:
            Kern.objects.update_or_create(
                slug=kern_slug, defaults={"name": kern_name, "municipality": municipality}
            )
