"""On PostgreSQL, the database itself refuses to change or delete an audit entry.

The application refuses already (AuditEvent's save, delete and queryset); these triggers
also stop a stray UPDATE or DELETE typed at a SQL prompt by the application's own role.
They are no defence against the database's superuser, who can switch them off; the hash
chain is what finds that (`manage.py audit_verify`). SQLite has no such roles, and gets no
triggers.

Two changes stay allowed, both made by Django's own deletion of other rows:
- removing an account sets `actor_id` to NULL (on_delete=SET_NULL); nothing else may change;
- deleting a practice deletes its log. That check is deferred to the end of the
  transaction, when the practice's row is gone, since Django deletes the log first.
"""

from django.db import migrations

CREATE = r"""
CREATE FUNCTION privacy_audit_event_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: entry % cannot be changed.', OLD.sequence
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER privacy_audit_event_no_update
    BEFORE UPDATE ON privacy_auditevent
    FOR EACH ROW EXECUTE FUNCTION privacy_audit_event_refuse_update();

CREATE FUNCTION privacy_audit_event_refuse_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.practice_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM accounts_practice WHERE id = OLD.practice_id) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: entry % cannot be deleted.', OLD.sequence
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE CONSTRAINT TRIGGER privacy_audit_event_no_delete
    AFTER DELETE ON privacy_auditevent
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION privacy_audit_event_refuse_delete();
"""

DROP = """
DROP TRIGGER IF EXISTS privacy_audit_event_no_delete ON privacy_auditevent;
DROP FUNCTION IF EXISTS privacy_audit_event_refuse_delete();
DROP TRIGGER IF EXISTS privacy_audit_event_no_update ON privacy_auditevent;
DROP FUNCTION IF EXISTS privacy_audit_event_refuse_update();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_audit_log")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
