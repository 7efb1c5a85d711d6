"""What a command needs, opened on first use: the services, and output helpers."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from itfriend.core.services import Services


class CliContext:
    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            from itfriend.core.services import open_services

            self._services = open_services()
            if self._services.db.warning is not None:  # e.g. damage: reads go on, writes not
                print(f"itfriend: warning: {self._services.db.warning}", file=sys.stderr)
        return self._services

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def print_json(self, data: Any) -> None:
        # Escaped (valid JSON still) where the output cannot hold every character.
        encoding = (getattr(self.out, "encoding", None) or "utf-8").lower().replace("-", "")
        json.dump(data, self.out, indent=2, ensure_ascii=not encoding.startswith("utf"))
        self.out.write("\n")

    def close(self) -> None:
        if self._services is not None:
            wrote = self._services.db.changes.committed > 0
            data = self._services.paths.data
            self._services.close()
            self._services = None
            if wrote:  # a running tray reads the change feed at once instead of going stale
                from itfriend.platform.instance.wake import wake_running_app

                wake_running_app(data)
