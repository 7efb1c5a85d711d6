"""The dialog that logs a contact with a person."""
