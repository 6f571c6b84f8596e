"""The trajectory event log is append-only: the database refuses an UPDATE of an event row."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER chain_trajectoryevent_append_only BEFORE UPDATE ON chain_trajectoryevent
BEGIN
    SELECT RAISE(ABORT, 'chain_trajectoryevent is append-only: register a new event instead');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS chain_trajectoryevent_append_only;"

POSTGRES_UP = """
CREATE FUNCTION chain_trajectoryevent_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'chain_trajectoryevent is append-only: register a new event instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER chain_trajectoryevent_append_only BEFORE UPDATE ON chain_trajectoryevent
    FOR EACH ROW EXECUTE FUNCTION chain_trajectoryevent_refuse_update();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS chain_trajectoryevent_append_only ON chain_trajectoryevent;
DROP FUNCTION IF EXISTS chain_trajectoryevent_refuse_update();
"""


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("chain", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
