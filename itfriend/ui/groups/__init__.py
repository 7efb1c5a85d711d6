"""The Groups window and its rule editor."""
