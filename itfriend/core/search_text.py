"""Search text typed by the technician, made into a LIKE pattern that SQLite will take.

SQLite refuses a LIKE pattern over 50,000 bytes ("pattern too complex"), which used to surface as
"the database could not be written". No field searched is anywhere near that long, so text
longer than ``LONGEST_SEARCH`` is refused here, as the mistake it is, before any query.
"""

from __future__ import annotations

from itfriend.core.errors import ValidationError

LONGEST_SEARCH = 500


def contains_pattern(text: str, what: str = "search text") -> str:
    """A case-insensitive LIKE pattern (escape ``\\``) for values containing ``text``."""
    if len(text) > LONGEST_SEARCH:
        raise ValidationError(
            f"the {what} is too long ({len(text):,} characters, at most {LONGEST_SEARCH})"
        )
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
