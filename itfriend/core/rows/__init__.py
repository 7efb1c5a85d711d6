"""Plain rows and the pure rules over them, shared by the ORM services and ``ReminderStore``.

Nothing in this package imports SQLAlchemy, so that the always-running tray can read reminders
through ``sqlite3`` alone (issue 8: the ORM costs some 40 MiB there). Keep it that way.
"""
