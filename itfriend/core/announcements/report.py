"""What one delivery of an announcement did, as the CLI prints it and the Announce dialog shows it.

Kept apart from the service so that the dialog's delivery code and the CLI's output can name the
report without the service, and so that the ledger that fills it in (``ledger.py``) and the
service that hands it back share one definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class DeliveryReport:
    """What one delivery did: to whom it went, who was refused, what is left for a retry."""

    announcement_id: int
    delivery: str
    state: str = "draft"
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # members without an email address
    files: list[Path] = field(default_factory=list)
    url: str = ""
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "announcement_id": self.announcement_id,
            "delivery": self.delivery,
            "state": self.state,
            "sent": self.sent,
            "failed": [{"email": e, "reason": r} for e, r in self.failed],
            "pending": self.pending,
            "already_sent": self.already_sent,
            "skipped": self.skipped,
            "files": [str(p) for p in self.files],
            "url": self.url,
            "error": self.error,
        }
