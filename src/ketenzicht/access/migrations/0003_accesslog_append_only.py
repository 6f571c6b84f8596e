"""The access log is append-only: the database refuses an UPDATE of its rows.

Deletion is not blocked by a trigger (test databases are flushed with DELETE); a removed entry is
detected by `ketenzicht auditlog verify` through the gap in the sequence and the hash chain."""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS access_log_no_update;"]
POSTGRES_UP = [
    """
CREATE FUNCTION access_log_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_log_append_only BEFORE UPDATE ON access_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();
"""
]
POSTGRES_DOWN = [
    """
DROP TRIGGER IF EXISTS access_log_append_only ON access_accesslogentry;
DROP FUNCTION IF EXISTS access_log_refuse_change();
"""
]


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        for sql in sql_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
