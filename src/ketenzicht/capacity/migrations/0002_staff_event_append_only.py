"""Staff facts are append-only: the database refuses an UPDATE of a capacity_staffevent row
(as timeline/0002 for the timeline's events)."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER capacity_staffevent_append_only BEFORE UPDATE ON capacity_staffevent
BEGIN
    SELECT RAISE(ABORT, 'capacity_staffevent is append-only: register a new staff fact');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS capacity_staffevent_append_only;"

POSTGRES_UP = """
CREATE FUNCTION capacity_staffevent_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'capacity_staffevent is append-only: register a new staff fact';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER capacity_staffevent_append_only BEFORE UPDATE ON capacity_staffevent
    FOR EACH ROW EXECUTE FUNCTION capacity_staffevent_refuse_update();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS capacity_staffevent_append_only ON capacity_staffevent;
DROP FUNCTION IF EXISTS capacity_staffevent_refuse_update();
"""


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("capacity", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
