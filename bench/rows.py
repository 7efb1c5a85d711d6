"""The benchmark's result rows: each figure with its floor, ratio and target, as a table or JSON.

A row's target applies either to the ratio against the floor (start-up, memory, import) or to
the value itself (milliseconds, context switches). ``ratio`` is value / floor whenever there is a
non-zero floor, so that every row shows how far it is from the floor.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

KEYS = ("startup", "idle_rss", "idle_cpu", "search", "picker", "import", "tone", "change_feed")


@dataclass
class Row:
    key: str
    label: str
    unit: str
    value: float | None
    target: float
    target_on: str  # "ratio" or "value"
    floor: float | None = None
    floor_label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def met(self) -> bool | None:
        measured = self.ratio if self.target_on == "ratio" else self.value
        if measured is None:
            return None
        ok = measured <= self.target
        cpu = self.extra.get("cpu_seconds")
        if cpu is not None:
            ok = ok and cpu <= self.extra.get("cpu_target", 0.0)
        return ok

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "measure": self.label,
            "unit": self.unit,
            "value": _round(self.value),
            "floor": _round(self.floor),
            "floor_is": self.floor_label or None,
            "ratio": _round(self.ratio, 2),
            "target": self.target,
            "target_on": self.target_on,
            "met": self.met,
        }
        if self.note:
            data["note"] = self.note
        data.update({k: _round(v) if isinstance(v, float) else v for k, v in self.extra.items()})
        return data

    @classmethod
    def from_json(cls, key: str, data: dict[str, Any]) -> Row:
        """The row of a saved ``--json`` report (for ``run.py --table``)."""
        known = {"measure", "unit", "value", "floor", "floor_is", "ratio", "target"}
        known |= {"target_on", "met", "note"}
        return cls(
            key,
            data["measure"],
            data["unit"],
            data["value"],
            data["target"],
            data["target_on"],
            data.get("floor"),
            data.get("floor_is") or "",
            {k: v for k, v in data.items() if k not in known},
            data.get("note", ""),
        )

    def target_text(self) -> str:
        if self.target_on == "ratio":
            return f"<= {self.target:g}x"
        text = f"<= {self.target:g} {self.unit}"
        if "cpu_target" in self.extra:
            text = f"{self.extra['cpu_target']:.2f} s CPU, {text}"
        return text


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "switches":
        return f"{value:g} {unit}"
    return f"{value:,.1f} {unit}"


def table(rows: list[Row]) -> str:
    """A Markdown table of the rows (what the README shows)."""
    lines = [
        "| measure | itfriend | floor, same run | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row.value is None:
            lines.append(f"| {row.label} | {row.note or 'not measured'} | | | | |")
            continue
        value = _figure(row.value, row.unit)
        if "cpu_seconds" in row.extra:
            value = f"{row.extra['cpu_seconds']:.2f} s CPU, {value}"
        if row.extra.get("first_open") is not None:
            line = row.extra.get("first_search_line")
            typing = f"; its search line in {line:,.0f} ms" if line is not None else ""
            first = f"{row.extra['first_open']:,.0f} ms"
            value = f"{value} (first opening after start: {first}{typing})"
        if row.extra.get("cli_start_to_tray_ms") is not None:
            since = f"{row.extra['cli_start_to_tray_ms']:,.0f} ms"
            value = f"{value} (from starting the CLI process: {since})"
        if row.extra.get("later_start") is not None:
            value = f"{value} (later start: {_figure(row.extra['later_start'], row.unit)})"
        floor = _figure(row.floor, row.unit) if row.floor is not None else "—"
        if row.floor is not None and "floor_cpu_seconds" in row.extra:
            floor = f"{row.extra['floor_cpu_seconds']:.2f} s CPU, {floor}"
        if row.floor_label and row.floor is not None:
            floor = f"{floor} ({row.floor_label})"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[row.met]
        lines.append(f"| {row.label} | {value} | {floor} | {ratio} | {row.target_text()} | {met} |")
    return "\n".join(lines)
