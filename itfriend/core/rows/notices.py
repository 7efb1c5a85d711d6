"""The reminder a maintenance notice leaves behind: send the back-up notice to the same group.

Kept out of ``itfriend.core.announcements``, whose package loads SQLAlchemy, Jinja2 and SMTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FollowUpNotice:
    """A reminder to send a back-up notice to the group that got a maintenance notice."""

    announcement_id: int
    group_name: str
    template_name: str
    due: datetime
    subject: str
