"""Where itfriend keeps its files.

Every folder is resolved here. ``ITFRIEND_HOME`` puts the database, settings and logs under one
folder, for tests and portable use; otherwise the platform's usual places are used.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

HOME_ENV = "ITFRIEND_HOME"
APP_NAME = "itfriend"


class AppPaths(NamedTuple):
    """The folders of one itfriend installation.

    (A named tuple rather than a dataclass: this is read before the tray icon shows, and the
    dataclasses module is one import more on that path.)
    """

    data: Path
    config: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "itfriend.sqlite"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def window_state_file(self) -> Path:
        return self.config / "window-state.json"

    @property
    def templates(self) -> Path:
        return self.data / "templates"

    def ensure(self) -> AppPaths:
        """Create the folders, private to the user, as far as the disk lets.

        A config or logs folder that cannot be made (a read-only mount, a full disk) is left to
        whoever writes in it, which then says why: reading what is there must still work. A data
        folder that is not there and cannot be made is a StorageError naming it.
        """
        for folder in (self.data, self.config, self.logs):
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                if folder != self.data or folder.is_dir():
                    continue
                from itfriend.core.errors import StorageError

                reason = exc.strerror or type(exc).__name__
                raise StorageError(f"cannot create the folder {folder}: {reason}") from None
        return self


def app_paths() -> AppPaths:
    """The folders to use now, honouring ``ITFRIEND_HOME``."""
    override = os.environ.get(HOME_ENV)
    if override:
        home = Path(override).expanduser().resolve()
        return AppPaths(data=home, config=home, logs=home / "logs")
    import platformdirs

    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
