"""The event log is append-only: the database itself refuses an UPDATE of an event row."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER timeline_event_append_only BEFORE UPDATE ON timeline_event
BEGIN
    SELECT RAISE(ABORT, 'timeline_event is append-only: register a correction instead');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS timeline_event_append_only;"

POSTGRES_UP = """
CREATE FUNCTION timeline_event_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'timeline_event is append-only: register a correction instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER timeline_event_append_only BEFORE UPDATE ON timeline_event
    FOR EACH ROW EXECUTE FUNCTION timeline_event_refuse_update();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS timeline_event_append_only ON timeline_event;
DROP FUNCTION IF EXISTS timeline_event_refuse_update();
"""


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("timeline", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
