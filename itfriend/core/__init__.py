"""The domain of itfriend: plain Python, no Qt, usable from the CLI, the tray and tests."""
