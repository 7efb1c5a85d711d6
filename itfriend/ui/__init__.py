"""The Qt shell of itfriend: tray, windows and dialogs. No SQL and no business rules here."""
