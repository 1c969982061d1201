"""The region's reference data: disciplines, municipalities and their villages.

One idempotent function, called by the data migration, `seed_demo` and the test factories alike,
because transactional tests empty every table, data migrations included.
"""

from __future__ import annotations

from django.apps import apps as global_apps

DISCIPLINES: list[tuple[str, str, str, str]] = [
    # slug, Dutch, English, family (Discipline.Family: the colour of its tags; arts education goes
    # with heritage, passing culture on)
    ("muziek", "Muziek", "Music", "music"),
    ("dans", "Dans", "Dance", "performing"),
    ("theater", "Theater", "Theatre", "performing"),
    ("beeldende-kunst", "Beeldende kunst", "Visual arts", "visual"),
    ("fotografie", "Fotografie", "Photography", "visual"),
    ("film", "Film en video", "Film and video", "media"),
    ("literatuur", "Literatuur en spoken word", "Literature and spoken word", "word"),
    ("erfgoed", "Erfgoed", "Heritage", "heritage"),
    ("vormgeving", "Vormgeving en design", "Design", "design"),
    ("ambacht", "Ambacht", "Crafts", "design"),
    ("kunsteducatie", "Kunsteducatie", "Arts education", "heritage"),
    ("cabaret", "Cabaret en comedy", "Cabaret and comedy", "performing"),
    ("circus", "Circus en straattheater", "Circus and street theatre", "performing"),
    ("nieuwe-media", "Nieuwe media", "New media", "media"),
    ("podiumtechniek", "Podiumtechniek en productie", "Stage technology and production", "production"),
    ("evenementen", "Festivals en evenementen", "Festivals and events", "production"),
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

    has_family = any(field.name == "family" for field in Discipline._meta.get_fields())  # from 0003 on
    for slug, name_nl, name_en, family in DISCIPLINES:
        defaults = {"name_nl": name_nl, "name_en": name_en} | ({"family": family} if has_family else {})
        Discipline.objects.update_or_create(slug=slug, defaults=defaults)
    for slug, name, kernen in MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(slug=slug, defaults={"name": name})
        for kern_slug, kern_name in kernen:
            Kern.objects.update_or_create(
                slug=kern_slug, defaults={"name": kern_name, "municipality": municipality}
            )
