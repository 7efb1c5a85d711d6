"""The Templates window and its editor."""
