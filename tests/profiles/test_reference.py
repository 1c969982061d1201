from __future__ import annotations

import pytest

from profiles.models import Discipline, Kern, Municipality
from profiles.reference import DISCIPLINES, ensure_reference_data

pytestmark = pytest.mark.django_db


def test_reference_data_is_the_regions_and_loading_it_twice_changes_nothing():
    ensure_reference_data()
    ensure_reference_data()
    assert Discipline.objects.count() == len(DISCIPLINES)
    assert set(Municipality.objects.values_list("name", flat=True)) == {"Beverwijk", "Heemskerk", "Velsen"}
    assert Kern.objects.get(name="Wijk aan Zee").municipality.name == "Beverwijk"
    assert set(Kern.objects.filter(municipality__slug="velsen").values_list("name", flat=True)) >= {
        "IJmuiden",
        "Velsen-Noord",
        "Velsen-Zuid",
        "Velserbroek",
        "Driehuis",
    }


def test_discipline_names_follow_the_language():
    from django.utils import translation

    ensure_reference_data()
    dance = Discipline.objects.get(slug="dans")
    with translation.override("nl"):
        assert dance.name == "Dans"
    with translation.override("en"):
        assert dance.name == "Dance"


def test_every_reference_discipline_belongs_to_a_family():
    ensure_reference_data()
    families = dict(Discipline.objects.values_list("slug", "family"))
    assert set(families.values()) == set(Discipline.Family.values)  # each family has a discipline
    assert families["podiumtechniek"] == "production" and families["muziek"] == "music"
