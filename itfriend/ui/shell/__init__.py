"""The tray app itself: start-up, tray icon and menu, window state, damaged-database offer."""
