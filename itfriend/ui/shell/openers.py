"""Which room opens which window: the names are those of ``core/app_commands.WINDOWS``, plus
the windows that only other windows open (a cool-down's Reply).

To add a window: a row in ``core/app_commands.WINDOWS`` (its name, help, menu label and
options), an ``opener`` module in its room taking those options as keywords, and a line here.
The command line, the socket commands and the tray menu then offer it.
"""

from __future__ import annotations

from itfriend.ui.announce import opener as announce
from itfriend.ui.cool_down import opener as cool_down
from itfriend.ui.groups import opener as groups
from itfriend.ui.log import opener as log
from itfriend.ui.people import opener as people
from itfriend.ui.picker import opener as picker
from itfriend.ui.settings import opener as settings
from itfriend.ui.shell.navigator import Opener
from itfriend.ui.templates import opener as templates
from itfriend.ui.walk_around import opener as walk_around

OPENERS: dict[str, Opener] = {
    "people": people.open_window,
    "log": log.open_window,
    "templates": templates.open_window,
    "picker": picker.open_window,
    "cool-down": cool_down.open_window,
    "reply": cool_down.open_reply,
    "walk-around": walk_around.open_window,
    "groups": groups.open_window,
    "announce": announce.open_window,
    "settings": settings.open_window,
}
