"""Wrappers around the operating system: notifications, secrets, start at login.

Each concern is one small interface with a backend per platform and a do-nothing fallback,
picked once at start. Qt may be used here (unlike in ``itfriend.core``); heavy or optional
libraries (keyring, plyer, jeepney) are imported only when a backend is used.
"""
