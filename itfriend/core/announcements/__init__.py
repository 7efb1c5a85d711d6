"""Announcements to groups: composing, the cadence guard, and delivery by SMTP, mailto: or .eml."""

from itfriend.core.announcements.cadence import CadenceCheck
from itfriend.core.announcements.compose import Composition, PreparedMessage, Recipient, Renderer
from itfriend.core.announcements.history import AnnouncementRow, FollowUpNotice
from itfriend.core.announcements.ledger import CadenceError
from itfriend.core.announcements.mime import Sender
from itfriend.core.announcements.report import DeliveryReport
from itfriend.core.announcements.service import AnnouncementService
from itfriend.core.announcements.smtp import (
    AuthenticationError,
    ConnectionLostError,
    DeliveryError,
    SmtpConfig,
    SmtpSender,
)

__all__ = [
    "AnnouncementRow",
    "AnnouncementService",
    "AuthenticationError",
    "CadenceCheck",
    "CadenceError",
    "Composition",
    "ConnectionLostError",
    "DeliveryError",
    "DeliveryReport",
    "FollowUpNotice",
    "PreparedMessage",
    "Recipient",
    "Renderer",
    "Sender",
    "SmtpConfig",
    "SmtpSender",
]
