"""The Cool-down window with its ticket list, countdown in the tray, Reply window and tone view."""
