"""The People window: table, detail, form, activity, file import and export."""
