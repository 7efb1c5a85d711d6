"""Tone: how heated a ticket is, how long to cool down, and whether a draft reply reads kindly.

Plain Python over word lists in ``resources/words``; VADER and textstat are imported on first use
(textstat's import takes about two seconds: call ``warm_up`` off the GUI thread early).
"""

from __future__ import annotations

from itfriend.core.tone.cool_down import cool_down_minutes
from itfriend.core.tone.draft import DraftCheck, DraftIssue, check_draft
from itfriend.core.tone.heat import INFLAMMATORY_AT, Reason, TicketHeat, score_ticket
from itfriend.core.tone.jargon import user_jargon_file
from itfriend.core.tone.readability import warm_up

__all__ = [
    "INFLAMMATORY_AT",
    "DraftCheck",
    "DraftIssue",
    "Reason",
    "TicketHeat",
    "check_draft",
    "cool_down_minutes",
    "score_ticket",
    "user_jargon_file",
    "warm_up",
]
