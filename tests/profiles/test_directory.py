"""The directory: search and filters (SQLite, and PostgreSQL's Dutch full-text search), what a
visitor sees, HTMX partials, and a page that costs the same queries however many members."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import Discipline, Kern, Municipality, Profile
from profiles.selectors import DirectoryQuery, directory_profiles
from tests.helpers.clients import client_for
from tests.helpers.factories import MemberFactory, directory_profile
from tests.helpers.services import require_postgres

pytestmark = pytest.mark.django_db


@pytest.fixture
def makers():
    return {
        "painter": directory_profile("Pim Schilder", disciplines=["beeldende-kunst"], kern="ijmuiden", public=True,
                        bio="Ik maak grote schilderijen van de zee.", level="professional",
                        helps_with=["lijsten maken"]),
        "dancer": directory_profile("Dana Danser", disciplines=["dans"], kern="heemskerk", level="amateur",
                       stage="on_stage", pay="volunteer", open_to_collaboration=False,
                       looking_for=["een oefenruimte"]),
        "both": directory_profile("Bo Beide", disciplines=["dans", "muziek"], kern="wijk-aan-zee", level="both",
                     stage="behind_the_scenes", pay="paid", organisations=["Harmonie Velsen"]),
    }  # fmt: skip


def names(**query) -> list[str]:
    viewer = MemberFactory(display_name="Zoë Zoeker")
    return [p.display_name for p in directory_profiles(viewer=viewer, query=DirectoryQuery(**query))
            if p.user_id != viewer.pk]  # fmt: skip


def ids(*slugs, model=Discipline) -> frozenset[int]:
    return frozenset(model.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def test_filters(makers):
    assert names(discipline_ids=ids("dans")) == ["Bo Beide", "Dana Danser"]
    assert names(municipality_ids=ids("velsen", model=Municipality)) == ["Pim Schilder"]
    assert names(kern_ids=ids("wijk-aan-zee", model=Kern)) == ["Bo Beide"]
    assert names(level="professional") == ["Bo Beide", "Pim Schilder"]  # "both" counts for either
    assert names(stage="on_stage") == ["Dana Danser"]
    assert names(pay="paid") == ["Bo Beide"]
    assert "Dana Danser" not in names(open_to_collaboration=True)


def test_search_by_name_bio_and_tags_on_any_database(makers):
    assert names(search="Pim") == ["Pim Schilder"]
    assert names(search="zee") == ["Pim Schilder"]
    assert names(search="oefenruimte") == ["Dana Danser"]
    assert names(search="Harmonie") == ["Bo Beide"]
    assert names(search="lijsten") == ["Pim Schilder"]
    assert names(search="trombone") == []


def test_dutch_stemming_and_ranking_on_postgresql(makers):
    require_postgres()
    assert connection.vendor == "postgresql"
    directory_profile(
        "Sara Schilderij", disciplines=["beeldende-kunst"], bio="Mijn schilderij hangt in het raadhuis."
    )
    assert names(search="schilderijen") == ["Sara Schilderij", "Pim Schilder"]  # the name ranks first
    assert names(search="schilderij") == ["Sara Schilderij", "Pim Schilder"]


def test_a_visitor_sees_public_profiles_and_members_see_all(makers):
    visitor = client_for().get("/makers/").content.decode()
    assert "Pim Schilder" in visitor and "Dana Danser" not in visitor
    member = client_for(MemberFactory()).get("/makers/").content.decode()
    assert "Pim Schilder" in member and "Dana Danser" in member


def test_filters_in_the_url_and_the_htmx_partial(makers):
    client = client_for(MemberFactory())
    page = client.get("/makers/?discipline=dans&pagina=1").content.decode()
    assert "<html" in page and "Dana Danser" in page and "Pim Schilder" not in page
    partial = client.get("/makers/?gemeente=velsen", headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and "Pim Schilder" in body and "Dana Danser" not in body
    assert "HX-Request" in partial["Vary"]


def test_pages_carry_the_filters(makers):
    for i in range(30):
        directory_profile(f"Dansmaker {i:02d}", disciplines=["dans"])
    client = client_for(MemberFactory())
    first = client.get("/makers/?discipline=dans").content.decode()
    assert "discipline=dans&amp;pagina=2" in first
    second = client.get("/makers/?discipline=dans&pagina=2").content.decode()
    assert "Dansmaker 29" in second and "Pim Schilder" not in second


def many_members(count: int) -> None:
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        [
            User(username=f"lid{start + i}@example.nl", email=f"lid{start + i}@example.nl")
            for i in range(count)
        ]
    )
    profiles = Profile.objects.bulk_create(
        [Profile(user=u, display_name=f"Lid {u.pk:05d}", search_text=f"Lid {u.pk}",
                 municipality=Municipality.objects.first(), kern=Kern.objects.first()) for u in users]
    )  # fmt: skip
    disciplines = list(Discipline.objects.all()[:3])
    Profile.disciplines.through.objects.bulk_create(
        [
            Profile.disciplines.through(profile_id=p.pk, discipline_id=d.pk)
            for p in profiles
            for d in disciplines
        ]
    )


def queries_for_page(client, count: int) -> int:
    many_members(count)
    with CaptureQueriesContext(connection) as context:
        response = client.get("/makers/?pagina=2")
    assert response.status_code == 200
    return len(context.captured_queries)


def test_a_directory_page_costs_the_same_queries_with_200_members():
    client = client_for(MemberFactory())
    few = queries_for_page(client, 30)
    many = queries_for_page(client, 200)
    assert many == few
    assert many <= 12
