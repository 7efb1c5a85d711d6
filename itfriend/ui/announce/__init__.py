"""The Announce dialog: pick a group and a template, fill it in, send or open it as mail."""
