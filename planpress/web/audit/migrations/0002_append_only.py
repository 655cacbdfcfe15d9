"""The database itself refuses to change or remove an audit record (and creates the chain's head)."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;",
    "CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_record_no_update;", "DROP TRIGGER IF EXISTS audit_record_no_delete;"]
POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION audit_record_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit records are append-only'; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_auditrecord "
    "FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();",
]
POSTGRESQL_REVERSE = ["DROP TRIGGER IF EXISTS audit_record_append_only ON audit_auditrecord;",
                      "DROP FUNCTION IF EXISTS audit_record_append_only();"]


def forwards(apps, schema_editor):
    statements = POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)
    apps.get_model("audit", "ChainHead").objects.get_or_create(pk=1)


def backwards(apps, schema_editor):
    statements = POSTGRESQL_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
