"""The Settings dialog, generated from the declared settings."""
