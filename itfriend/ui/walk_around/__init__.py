"""The Walk-around window."""
