"""Entry point: ``itfriend`` with no arguments starts the tray app, otherwise the command line.

Whatever happens, the technician sees at most one line: an error nobody foresaw is logged with
its traceback and told as one line naming the log file (exit codes: see the README).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # Everything itfriend writes (database, its journal files, logs, backups, exports) is about
    # people: readable by this user only, whatever folder it lands in.
    os.umask(0o077)
    try:
        if not args:
            # The tray's start-up time is what a technician notices: skip the CLI's parser.
            from itfriend.ui.shell.start import run_app

            return run_app([])
        from itfriend.cli import main as cli_main

        # Output that cannot hold "ë" (PYTHONIOENCODING=ascii) gets it escaped, rather than a
        # failure after the command has done its work.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
        return cli_main(args)
    except KeyboardInterrupt:
        print("itfriend: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        from itfriend.core.errors import ItfriendError

        if isinstance(exc, ItfriendError):  # the tray's start met a known problem
            print(f"itfriend: {exc}", file=sys.stderr)
            return 1
        from itfriend.core.logs import report_unexpected

        doing = "itfriend" if not args else "the command"
        print(f"itfriend: {report_unexpected(exc, doing)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
