"""The reminder code: when each is due, what it says, and the tray's plain-sqlite3 store."""
