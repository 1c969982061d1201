"""Organisers in the admin: merge duplicate disciplines, deactivate members."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from callouts import services as callout_services
from callouts.models import Callout, Follow
from profiles import services
from profiles.models import Discipline, Profile
from tests.helpers.clients import client_for
from tests.helpers.factories import MemberFactory, maker, organiser, post

pytestmark = pytest.mark.django_db


def test_merging_disciplines_moves_profiles_callouts_and_follows():
    keep = Discipline.objects.get(slug="theater")
    duplicate = Discipline.objects.create(slug="toneel", name_nl="Toneel", name_en="Drama")
    both = maker(disciplines=["theater"])
    Profile.objects.get(user=both).disciplines.add(duplicate)
    only_duplicate = MemberFactory()
    only_duplicate.profile.disciplines.add(duplicate)
    callout = post(both, title="Toneelspelers gezocht")
    callout.disciplines.set([duplicate])
    callout_services.follow_add(member=both, discipline=duplicate)  # also makes the theatre follow

    response = client_for(organiser()).post(
        "/beheer/profiles/discipline/",
        {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]},
    )
    assert response.status_code == 302
    assert not Discipline.objects.filter(slug="toneel").exists()
    assert list(Profile.objects.get(user=both).disciplines.all()) == [keep]
    assert list(Profile.objects.get(user=only_duplicate).disciplines.all()) == [keep]
    assert list(Callout.objects.get(pk=callout.pk).disciplines.all()) == [keep]
    assert list(
        Follow.objects.filter(member=both, discipline__isnull=False).values_list("discipline", flat=True)
    ) == [keep.pk]


def test_deactivating_a_member_takes_them_out_of_the_directory_and_the_login():
    member = MemberFactory(display_name="Weg Gezet")
    boss = organiser()
    response = client_for(boss).post(
        "/beheer/auth/user/", {"action": "deactivate", "_selected_action": [member.pk, boss.pk]}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    boss.refresh_from_db()
    assert not member.is_active and boss.is_active  # never yourself
    assert "Weg Gezet" not in client_for(MemberFactory()).get("/makers/").content.decode()


def test_only_organisers_may_deactivate():
    with pytest.raises(PermissionDenied):
        services.member_deactivate(user=MemberFactory(), by=MemberFactory())
