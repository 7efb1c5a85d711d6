"""Real-desktop fixtures (private D-Bus, dunst, keyring, X): see tests/desktop.py."""

from tests.desktop import (  # noqa: F401 - fixtures are found by name
    dbus_session,
    notification_daemon,
    notify_monitor,
    unlocked_keyring,
    x_display,
)
