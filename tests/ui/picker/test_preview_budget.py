"""A preview that asks what is missing and then fills the template in (the picker's, the
editor's) takes one render's time limit in all, not one per render. Timed in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.core.test_templates_limits import ROOT

# A template that takes at least about 1.4 s to fill in (measured on this machine first): under
# the 2 s limit once, but the two or three renders of a preview took 3 to 4 s before they shared
# one limit.
_CHILD = textwrap.dedent(
    """
    import json, time
    from itfriend.core.templates import TemplateDraft, render_template
    def draft(k):
        loops = "{% for i in range(" + str(k) + ") %}{% for j in range(1000) %}{% endfor %}"
        return TemplateDraft("slow", "s", loops + "{% endfor %}{{ v }}")
    # The fastest of three runs: a busy moment while measuring must not make the template
    # lighter than meant (a preview of it would then end under the limit).
    fastest = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        render_template(draft(40), {"v": "1"})
        fastest = min(fastest, time.perf_counter() - start)
    k = int(40 * 1.4 / fastest)
    from itfriend.core.templates import TemplateRecord
    from itfriend.ui.picker.preview import make_preview
    from itfriend.ui.templates.editor import preview_text
    record = TemplateRecord(1, "slow", "", "s", draft(k).body, "", 0, None)
    out = {}
    start = time.perf_counter()
    out["picker"] = make_preview(record, {"v": "1"}, {}, {"v": "1"}).error
    out["picker_seconds"] = time.perf_counter() - start
    start = time.perf_counter()
    out["editor"] = preview_text(draft(k), {})
    out["editor_seconds"] = time.perf_counter() - start
    print(json.dumps(out))
    """
)
_STOPPED = (
    "the template 'slow' was stopped: it ran longer than 2 seconds, the limit for filling one in"
)


def test_the_renders_of_one_preview_share_one_time_limit() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout)
    assert outcome["picker_seconds"] < 2.6 and outcome["editor_seconds"] < 2.6, outcome
    assert outcome["picker"] == _STOPPED, outcome
    assert outcome["editor"] == f"(cannot preview: {_STOPPED})", outcome
