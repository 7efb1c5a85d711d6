"""The Announce dialog's check of what a template still needs (``build_preview``) takes one
render's time limit in all, not one per ``missing_values`` call. Timed in a child process, in the
style of test_preview_budget."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.core.test_templates_limits import ROOT

# A template that takes at least about 1.4 s to fill in (measured first, the fastest of three
# runs): under the 2 s limit once, but the check renders it without and with the typed values.
_CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from itfriend.core.errors import ItfriendError
    from itfriend.core.groups import GroupRule
    from itfriend.core.paths import AppPaths
    from itfriend.core.services import open_services
    from itfriend.core.templates import TemplateDraft, render_template
    def draft(k):
        loops = "{% for i in range(" + str(k) + ") %}{% for j in range(1000) %}{% endfor %}"
        return TemplateDraft("slow", "s", loops + "{% endfor %}{{ v }}")
    fastest = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        render_template(draft(40), {"v": "1"})
        fastest = min(fastest, time.perf_counter() - start)
    k = int(40 * 1.4 / fastest)
    home = Path(sys.argv[1])
    services = open_services(AppPaths(home, home, home / "logs"))
    services.people.add("Ann Able", email="ann@example.org", department="Sales")
    services.groups.add("Sales", GroupRule(departments=("Sales",)))
    # Not through templates.create, which checks the limits itself (a busy moment could stop
    # it there): the dialog's check is what is timed.
    from itfriend.core.templates import TemplateRecord
    record = TemplateRecord(1, "slow", "", "s", draft(k).body, "", 0, None)
    services.templates.get = lambda name: record
    from itfriend.core.announcements.preview import build_preview
    out = {}
    for bcc in (True, False):
        start = time.perf_counter()
        try:
            build_preview(services, "Sales", "slow", {"v": "1"}, bcc)
            out[str(bcc)] = ["no limit hit", time.perf_counter() - start]
        except ItfriendError as exc:
            out[str(bcc)] = [str(exc), time.perf_counter() - start]
    services.close()
    print(json.dumps(out))
    """
)
_STOPPED = (
    "the template 'slow' was stopped: it ran longer than 2 seconds, the limit for filling one in"
)


def test_the_renders_of_one_announce_check_share_one_time_limit(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout)
    for bcc in ("True", "False"):  # everyone in Bcc, and one message per member
        message, seconds = outcome[bcc]
        assert message == _STOPPED and seconds < 2.6, outcome
