"""The database the application runs on is the one configured (SQLite in WAL mode by default)."""

from __future__ import annotations

import os

from django.db import connection

from planpress.web.accounts.models import Account


def test_the_database_is_the_one_asked_for(account):
    created = account("editor")
    assert Account.objects.filter(pk=created.pk).exists()
    if os.environ.get("PLANPRESS_TEST_DATABASE_URL"):
        assert connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database(), version()")
            name, version = cursor.fetchone()
        assert name.startswith("test_") and version.startswith("PostgreSQL")
    else:
        assert connection.vendor == "sqlite"
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
