"""Entry point: ``itfriend`` with no arguments starts the tray app, otherwise the command line."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # Everything itfriend writes (database, its journal files, logs, backups, exports) is about
    # people: readable by this user only, whatever folder it lands in.
    os.umask(0o077)
    if not args:
        # The tray's start-up time is what a technician notices: skip the CLI's parser.
        from itfriend.ui.app import run_app

        return run_app([])
    from itfriend.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
