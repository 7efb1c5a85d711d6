"""Commands that talk to the tray app: start it, or hand a request to the running one."""

from __future__ import annotations

from typing import Any


def start_app(forwarded: list[str]) -> int:
    from itfriend.ui.app import run_app

    return run_app(forwarded)


def register(commands: Any) -> None:
    show = commands.add_parser("show", help="open the People window of the running itfriend")
    show.set_defaults(handler=lambda args, ctx: start_app(["show"]))
