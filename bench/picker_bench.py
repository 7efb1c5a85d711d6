"""Hotkey to picker visible with 1,000 templates: fills the templates, then runs
``bench.picker_probe`` on the tray display (a real X server, where showing a window means
mapping it and being sent an Expose) and reads its JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.datagen import template_texts

REPO = Path(__file__).resolve().parents[1]


def add_templates(home: Path, count: int) -> int:
    """Add ``count`` generated templates to the itfriend database in ``home``; returns how many
    templates it then has. Each is checked as the service checks it, and all are written in one
    transaction (a transaction per template would take longer than the whole benchmark)."""
    from itfriend.core.models import Template
    from itfriend.core.paths import AppPaths
    from itfriend.core.services import open_services
    from itfriend.core.templates.fileformat import TemplateDraft
    from itfriend.core.templates.service import checked_draft

    services = open_services(AppPaths(home, home, home / "logs"))
    try:
        services.templates.list()  # the shipped defaults go in first, as in real use
        now = services.clock.now()
        rows = []
        for name, subject, body, category, abbreviation in template_texts(count):
            draft = checked_draft(TemplateDraft(name, subject, body, category, abbreviation))
            rows.append(
                Template(
                    name=draft.name,
                    subject=draft.subject,
                    body=draft.body,
                    category=draft.category,
                    abbreviation=draft.abbreviation,
                    is_default=False,
                    use_count=0,
                    created_at=now,
                    updated_at=now,
                )
            )
        with services.db.transaction() as session:
            session.add_all(rows)
        return len(services.templates.list())
    finally:
        services.close()


def measure(env: dict[str, str], home: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds from the hotkey's call to the picker's first paint, and the plain-widget floor."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.picker_probe", str(home), str(rounds)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the picker probe failed:\n{result.stderr[-3000:]}")
    times: dict[str, list[float]] = json.loads(result.stdout.strip().splitlines()[-1])
    return times
