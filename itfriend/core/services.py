"""The core's services for one installation, built together from its folders.

Passed explicitly to whoever needs them (CLI commands, windows); there is no global registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from itfriend.core.announcements import AnnouncementService
from itfriend.core.clock import Clock, SystemClock
from itfriend.core.cool_downs import CoolDownService
from itfriend.core.db import Database, open_database
from itfriend.core.follow_ups import FollowUpService
from itfriend.core.groups import GroupService
from itfriend.core.interactions import InteractionService
from itfriend.core.paths import AppPaths, app_paths
from itfriend.core.people import PeopleService
from itfriend.core.settings import Settings
from itfriend.core.templates import TemplateService
from itfriend.core.walk_arounds import WalkAroundService


@dataclass
class Services:
    paths: AppPaths
    db: Database
    settings: Settings
    clock: Clock
    people: PeopleService = field(init=False)
    interactions: InteractionService = field(init=False)
    follow_ups: FollowUpService = field(init=False)
    templates: TemplateService = field(init=False)
    walk_arounds: WalkAroundService = field(init=False)
    cool_downs: CoolDownService = field(init=False)
    groups: GroupService = field(init=False)
    announcements: AnnouncementService = field(init=False)

    def __post_init__(self) -> None:
        self.db.changes.changed_by = lambda: self.settings.get("me.name") or None
        self.people = PeopleService(self.db, self.settings, self.clock)
        self.interactions = InteractionService(self.db, self.clock)
        self.follow_ups = FollowUpService(self.db, self.clock)
        self.templates = TemplateService(self.db, self.clock)
        self.walk_arounds = WalkAroundService(self.db, self.clock, self.people)
        self.cool_downs = CoolDownService(self.db, self.settings, self.clock)
        self.groups = GroupService(self.db, self.clock, self.settings)
        self.announcements = AnnouncementService(
            self.db, self.clock, self.settings, self.groups, self.templates
        )

    def close(self) -> None:
        self.db.close()


def open_services(paths: AppPaths | None = None, clock: Clock | None = None) -> Services:
    """Open the database and settings of an installation (``ITFRIEND_HOME`` or the user's)."""
    resolved = (paths or app_paths()).ensure()
    return Services(
        paths=resolved,
        db=open_database(resolved),
        settings=Settings(resolved.settings_file),
        clock=clock or SystemClock(),
    )
