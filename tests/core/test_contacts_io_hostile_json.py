"""Hostile JSON files (deep nesting, endless numbers, half surrogates) are refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from itfriend.core.contacts_io import import_contacts
from itfriend.core.services import Services
from tests.core.test_contacts_io_bad_files import rejected, seeded, write

__all__ = ["seeded"]  # the fixture, used by the tests below


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '[{"name": "Ann", "later": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}]",
        # Brackets inside strings neither hide nor add nesting.
        '[{"name": "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "x": ' + "[" * 40 + "]" * 40 + "}]",
    ],
    ids=["arrays", "objects", "strings-with-brackets"],
)
def test_deep_nesting_is_refused(seeded: Services, tmp_path: Path, content: str) -> None:
    message = str(rejected(seeded, write(tmp_path, "deep.json", content)))
    assert "levels deep, more than the 32 a people file may have" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "number",
    ["9" * 5_000, "-" + "1" * 4_500, "1." + "5" * 5_000, "1e" + "9" * 40],
    ids=["int", "negative", "float", "exponent"],
)
def test_an_endless_number_is_refused_with_its_line(
    seeded: Services, tmp_path: Path, number: str
) -> None:
    content = '[\n{"name": "Ann"},\n{"name": "Bob", "cadence_days": ' + number + "}\n]"
    message = str(rejected(seeded, write(tmp_path, "digits.json", content)))
    assert message == (
        f"digits.json has a number {len(number):,} characters long at line 3 (at most 30); "
        "nothing was imported"
    )


def test_a_lone_surrogate_is_refused(seeded: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "half.json", '[{"name": "Ann"}, {"name": "B\\ud800b"}]')
    assert rejected(seeded, path).problems == [
        "item 2: name holds a lone UTF-16 surrogate escape (such as \\ud800), which is not text"
    ]


def test_a_nested_but_reasonable_file_still_imports(services: Services, tmp_path: Path) -> None:
    content = (
        '[{"name": "Ann", "cadence_days": 14, "systems": ["VPN"], '
        '"from_a_newer_itfriend": {"a": [{"b": [1, 2.5, "x"]}]}}]'
    )
    assert import_contacts(services, write(tmp_path, "ok.json", content)).created == 1
    [ann] = services.people.list()
    assert services.people.get(ann.id).cadence_days == 14


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(seeded: Services, tmp_path: Path, constant: str) -> None:
    path = write(tmp_path, "nan.json", '[{"name": "Ann"},\n{"name": ' + constant + "}]")
    assert str(rejected(seeded, path)) == (
        f"nan.json has {constant} at line 2, which is not a JSON value; nothing was imported"
    )


def test_a_problem_quoting_an_endless_value_stays_one_short_line(
    seeded: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, "digits.csv", "name,cadence_days\nAnn," + "9" * 5_000 + "\n")
    [problem] = rejected(seeded, path).problems
    assert problem.startswith("line 2: cadence must be a number of days, not '999")
    assert problem.endswith("…' (5,000 characters)") and len(problem) <= 200
