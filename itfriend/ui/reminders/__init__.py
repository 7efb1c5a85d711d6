"""Showing reminders and the single-shot timer armed for the next one."""
