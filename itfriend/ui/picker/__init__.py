"""The template picker the hotkey opens, and its launcher."""
