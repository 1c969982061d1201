"""On real PostgreSQL: the migrations run, and the pool is what serves the connections."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from profiles.models import Discipline, Kern
from tests.helpers.services import require_postgres

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgres():
    require_postgres()


def test_every_migration_is_applied_on_postgresql():
    assert connection.vendor == "postgresql"
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    # The data migration loaded the region's reference data.
    assert Discipline.objects.filter(slug="muziek").exists()
    assert Kern.objects.get(slug="wijk-aan-zee").municipality.slug == "beverwijk"


@pytest.mark.django_db(transaction=True)
def test_migrations_unapply_and_reapply_on_postgresql():
    call_command("migrate", "profiles", "zero", verbosity=0)
    assert "profiles_discipline" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert Discipline.objects.filter(slug="dans").exists()


def test_connections_come_from_psycopgs_pool():
    assert connection.settings_dict["CONN_MAX_AGE"] == 0
    assert connection.pool is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
