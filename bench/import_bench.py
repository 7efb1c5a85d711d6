"""Importing 100,000 people from CSV with itfriend, against raw sqlite3 inserts of the same rows.

Each repetition imports into a fresh, already created database (creating it is start-up work,
not import work), so that every run writes into empty tables.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import raw_sqlite_import as raw
from bench.datagen import people_rows, write_people_csv


@dataclass
class ImportResults:
    """Seconds per repetition; ``last_home`` is an ITFRIEND_HOME holding the imported people."""

    itfriend: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    floor_insert_only: list[float] = field(default_factory=list)
    floor_same_schema: list[float] = field(default_factory=list)
    last_home: Path | None = None


def _fresh_services(home: Path):  # type: ignore[no-untyped-def]
    from itfriend.core.paths import AppPaths
    from itfriend.core.services import open_services

    return open_services(AppPaths(home, home, home / "logs"))


def measure(
    workdir: Path, people: int, repetitions: int, same_schema: bool = True
) -> ImportResults:
    from itfriend.core.contacts_io import import_contacts

    csv_path = write_people_csv(workdir / "people.csv", people_rows(people))
    # An untimed small import loads the import modules, as any earlier import in the app would.
    warm_csv = write_people_csv(workdir / "warm.csv", people_rows(200, seed=1))
    warm = _fresh_services(Path(tempfile.mkdtemp(prefix="warm-", dir=workdir)))
    import_contacts(warm, warm_csv)
    warm.close()

    results = ImportResults()
    for number in range(repetitions):
        home = Path(tempfile.mkdtemp(prefix=f"import-{number}-", dir=workdir))
        services = _fresh_services(home)
        try:
            started = time.perf_counter()
            report = import_contacts(services, csv_path)
            results.itfriend.append(time.perf_counter() - started)
        finally:
            services.close()
        if report.created != people:
            raise RuntimeError(f"itfriend imported {report.created} of {people} people")
        results.last_home = home

        plain = home.parent / f"raw-plain-{number}.sqlite"
        raw.prepare(plain, [raw.PLAIN_DDL])
        total, insert_only = raw.import_csv(csv_path, plain)
        results.floor.append(total)
        results.floor_insert_only.append(insert_only)

        if not same_schema:
            continue
        same = home.parent / f"raw-same-{number}.sqlite"
        raw.prepare(same, raw.people_ddl(home / "itfriend.sqlite"))
        results.floor_same_schema.append(raw.import_csv(csv_path, same)[0])
    return results
