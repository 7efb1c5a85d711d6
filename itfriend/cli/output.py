"""How a command tells why it stopped: on standard error, as ``itfriend: ...``, in one line.

Messages echo what the technician typed ("nobody's name contains '...'"); a carriage return,
line break or escape sequence in that text would split the line or drive the terminal, so control
characters are shown escaped (``\\r``). A long echoed value is cut to its first 80 characters
and its length (``itfriend.core.quoting``): core quotes its own values that way, and this is the
net for the messages it did not build (argparse's "invalid choice: '...'"). Only the errors that
list things (candidates for an ambiguous name, the bad rows of a file) keep their own line breaks.
"""

from __future__ import annotations

import sys

from itfriend.core.quoting import cut_quoted_runs

_CONTROLS = {
    **{code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))},
    0x09: "\\t",
    0x0A: "\\n",
    0x0D: "\\r",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}
_BREAKS_KEPT = {code: text for code, text in _CONTROLS.items() if code != 0x0A}


def printable(message: str, *, listing: bool = False) -> str:
    """``message`` with control characters escaped; ``listing`` keeps its line breaks."""
    return cut_quoted_runs(message).translate(_BREAKS_KEPT if listing else _CONTROLS)


def tell(message: str, *, listing: bool = False) -> None:
    """Print why the command stopped, as the one ``itfriend: ...`` line on standard error."""
    print(f"itfriend: {printable(message, listing=listing)}", file=sys.stderr)
