"""Stand-ins shared by the widget tests (the real notifiers are tested on dunst)."""

from __future__ import annotations

from collections.abc import Callable, Sequence


class RecordingNotifier:
    """A notifier that records what it was asked to show; ``shows=False`` plays a desktop
    where no backend could show anything."""

    name = "recording"

    def __init__(self, shows: bool = True) -> None:
        self.shows = shows
        self.shown: list[tuple[str, str, list[tuple[str, str]], Callable[[str], None] | None]] = []

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        on_action: Callable[[str], None] | None = None,
    ) -> bool:
        self.shown.append((title, body, list(actions), on_action))
        return self.shows


class RecordingNavigator:
    """A navigator that records the windows it was asked to open, with their options."""

    def __init__(self, opened: list[tuple[str, dict[str, object]]] | None = None) -> None:
        self.opened: list[tuple[str, dict[str, object]]] = [] if opened is None else opened

    def open(self, name: str, **options: object) -> None:
        self.opened.append((name, options))
