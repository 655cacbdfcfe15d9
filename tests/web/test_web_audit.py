"""The audit trail is append-only and chained: a record altered or removed is detected."""

from __future__ import annotations

import pytest
from django.db import connection

from planpress import cli
from planpress.web.audit import chain
from planpress.web.audit.models import AppendOnly, AuditRecord


def _drop_guards() -> None:
    """What an insider with the database's own rights would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS audit_record_append_only ON audit_auditrecord")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_record_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_record_no_delete")


def _restore_guards() -> None:
    from importlib import import_module

    migration = import_module("planpress.web.audit.migrations.0002_append_only")
    statements = migration.POSTGRESQL if connection.vendor == "postgresql" else migration.SQLITE
    with connection.cursor() as cursor:
        for statement in statements:
            if connection.vendor != "postgresql" or "TRIGGER" in statement:
                cursor.execute(statement)


def test_records_cannot_be_changed_or_removed_through_the_application():
    record = chain.record("save", actor="测试", document="H-J-YA-028", details={"commit": "abc"})
    record.reason = "改过"
    with pytest.raises(AppendOnly):
        record.save()
    with pytest.raises(AppendOnly):
        record.delete()
    with pytest.raises(AppendOnly):
        AuditRecord.objects.filter(pk=record.pk).update(reason="改过")
    with pytest.raises(AppendOnly):
        AuditRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(Exception):  # the database's own guard
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditrecord SET reason = 'x' WHERE id = %s", [record.pk])


def test_the_chain_detects_an_altered_and_a_removed_record(capsys):
    for i in range(3):
        chain.record("save", actor="测试", document="H-J-YA-028", reason=f"第 {i} 次")
    count, breaks = chain.verify()
    assert count >= 3 and breaks == []
    assert cli.main(["audit", "verify"]) == 0
    assert "审计链完好" in capsys.readouterr().out
    middle = AuditRecord.objects.order_by("-seq")[1]
    _drop_guards()
    try:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditrecord SET reason = %s WHERE id = %s", ["被改过", middle.pk])
        _, breaks = chain.verify()
        assert any(f"第 {middle.seq} 条" in b.message and "改动" in b.message for b in breaks)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditrecord WHERE id = %s", [middle.pk])
        _, breaks = chain.verify()
        assert any("不见了" in b.message for b in breaks)
        assert cli.main(["audit", "verify"]) == 1
        assert "审计链被破坏" in capsys.readouterr().err
        last = AuditRecord.objects.order_by("-seq").first()
        with connection.cursor() as cursor:  # repair nothing, just cut the tail: still detected
            cursor.execute("DELETE FROM audit_auditrecord WHERE id = %s", [last.pk])
        assert any("最后的" in b.message for b in chain.verify()[1])
    finally:
        # The rest of the session goes on with a chain of its own: the broken one is gone.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditrecord")
            cursor.execute("UPDATE audit_chainhead SET seq = 0, digest = %s", ["0" * 64])
        _restore_guards()
    assert chain.verify()[1] == []
