"""The tables and columns of the current schema, written out so that the start-up check can
compare a file with them without loading SQLAlchemy's models (a test checks them against the
models)."""

from __future__ import annotations

ITFRIEND_COLUMNS: dict[str, frozenset[str]] = {
    "announcement_recipients": frozenset(
        {"id", "announcement_id", "person_id", "email", "status", "error", "message_id", "sent_at"}
    ),
    "announcements": frozenset(
        {
            "id",
            "group_id",
            "group_name",
            "template_name",
            "subject",
            "delivery",
            "state",
            "created_at",
            "follow_up_at",
            "follow_up_template",
        }
    ),
    "app_state": frozenset({"key", "value"}),
    "changes": frozenset({"id", "table_name", "row_id", "kind", "at", "changed_by"}),
    "cool_downs": frozenset(
        {"id", "label", "ticket_text", "heat", "started_at", "ends_at", "state", "draft"}
    ),
    "follow_ups": frozenset(
        {
            "id",
            "person_id",
            "due",
            "reason",
            "state",
            "interaction_id",
            "created_at",
            "done_at",
            "notified_at",
        }
    ),
    "group_members": frozenset({"group_id", "person_id"}),
    "groups": frozenset(
        {"id", "name", "description", "departments", "buildings", "systems", "created_at"}
    ),
    "interactions": frozenset({"id", "person_id", "at", "channel", "summary"}),
    "people": frozenset(
        {
            "id",
            "name",
            "preferred_name",
            "role",
            "department",
            "building",
            "floor",
            "room",
            "email",
            "phone",
            "notes",
            "personal_notes",
            "birthday",
            "cadence_days",
            "last_contact",
            "created_at",
            "updated_at",
        }
    ),
    "person_systems": frozenset({"person_id", "system_id"}),
    "systems": frozenset({"id", "name"}),
    "templates": frozenset(
        {
            "id",
            "name",
            "category",
            "subject",
            "body",
            "abbreviation",
            "is_default",
            "use_count",
            "last_used_at",
            "created_at",
            "updated_at",
        }
    ),
    "walk_arounds": frozenset(
        {"id", "building", "rule", "label", "enabled", "created_at", "reminded_through"}
    ),
}
ITFRIEND_TABLES = frozenset(ITFRIEND_COLUMNS)
