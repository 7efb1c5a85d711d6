"""Groups: the people an announcement goes to (``service``), and what the Groups window reads
in one call each (``overview``)."""

from itfriend.core.groups.service import GroupRow, GroupRule, GroupService, member_clause

__all__ = ["GroupRow", "GroupRule", "GroupService", "member_clause"]
