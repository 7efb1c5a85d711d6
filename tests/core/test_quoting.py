"""Quoting what the user typed: whole when short, cut to 80 characters and its length when long."""

from __future__ import annotations

from itfriend.core.quoting import cut_quoted_runs, quoted


def test_a_short_value_is_quoted_whole() -> None:
    assert quoted("a" * 80) == f"'{'a' * 80}'"
    assert quoted(42) == "'42'"


def test_a_long_value_is_cut_with_its_length() -> None:
    assert quoted("b" * 100_000) == f"'{'b' * 80}…' (100,000 characters)"
    assert quoted("b" * 81) == f"'{'b' * 80}…' (81 characters)"


def test_the_net_cuts_long_runs_once_and_leaves_short_ones() -> None:
    long = "c" * 1000
    assert cut_quoted_runs(f"no '{long}' here") == f"no {quoted(long)} here"
    assert cut_quoted_runs(f"say {long}") == f"say {'c' * 80}… (1,000 characters)"
    already = f"there is no group {quoted(long)}"
    assert cut_quoted_runs(already) == already
    plain = "choose from 'ticket', 'draft' (see itfriend tone --help)"
    assert cut_quoted_runs(plain) == plain
