"""One running copy: the running app's socket server, and the client a later start uses."""
