"""How a message quotes what the user typed: whole when short, cut when long.

A message echoes the value it refuses ("'x' is not an email address"), and the value may be
100,000 characters pasted by mistake: echoed whole it would bury the one line of the error (and
fill a dialog). ``quoted`` is the one way core messages quote input; ``cut_quoted_runs`` is the
net where the command line prints, for messages it did not build (argparse's "invalid choice:
'...'") and any quote that was written by hand.
"""

from __future__ import annotations

import re

SHOWN = 80  # characters of a value shown before the cut


def quoted(value: object, limit: int = SHOWN) -> str:
    """``'value'``, or for a long one ``'aaaa…' (100,000 characters)``."""
    text = str(value)
    if len(text) <= limit:
        return f"'{text}'"
    return f"'{text[:limit]}…' ({len(text):,} characters)"


def _cut_unquoted(text: str) -> str:
    return f"{text[:SHOWN]}… ({len(text):,} characters)"


# A quoted run longer than a shown value: the echo of a value nobody cut yet (one ``quoted``
# has cut ends with its ellipsis and is left alone).
_LONG_QUOTED = re.compile(rf"'([^'\n]{{{SHOWN + 1},}})(?<!…)'")
_LONG_UNQUOTED = re.compile(rf"[^\s']{{{4 * SHOWN},}}")


def cut_quoted_runs(message: str) -> str:
    """``message`` with each quoted run over ``SHOWN`` characters cut by ``quoted``, and any
    other run of 320 characters without a space (a value echoed unquoted) cut the same way."""
    message = _LONG_QUOTED.sub(lambda m: quoted(m.group(1)), message)
    return _LONG_UNQUOTED.sub(lambda m: _cut_unquoted(m.group(0)), message)
