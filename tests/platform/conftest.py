"""Real-desktop fixtures (X, tray, private D-Bus, dunst, keyring): see tests/desktop.py."""

from tests.desktop import (  # noqa: F401 - fixtures are found by name
    dbus_session,
    notification_daemon,
    notify_monitor,
    tray_host,
    unlocked_keyring,
    x_display,
)
