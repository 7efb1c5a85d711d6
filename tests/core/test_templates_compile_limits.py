"""Compiling a template is bounded too: it happens before any render's watch, when a template is
saved, imported, checked in the editor or previewed, so a large one must be refused before it is
compiled. Measured in a capped child process, as in ``test_templates_limits``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from itfriend.core.templates import TemplateDraft, check_template_text, render_template
from tests.core.test_templates_limits import ROOT

# Each within the 100,000 characters a body may have; each took seconds or 100 MB to compile.
LARGE = [
    "".join(f"{{% macro m{i}(a,b,c,d) %}}{{% endmacro %}}" for i in range(2200)),
    "".join(f"{{{{ v{i} }}}}" for i in range(8000)),
    "{% for i in range(1) %}x{% endfor %}" * 2750,
    "{% call(a) m() %}{% endcall %}" * 3300,
    "{{ f(" + ",".join(["a"] * 20000) + ") }}",
]

_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from itfriend.core.templates import check_template_text
    vm = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (vm + 2**30, vm + 2**30))
    out = []
    for body in json.loads(sys.stdin.read()):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        problems = check_template_text(body)
        out.append({"problems": problems, "seconds": time.perf_counter() - start,
                    "grown_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024})
    print(json.dumps(out))
    """
)


def test_a_template_too_large_to_compile_quickly_is_refused_before_it_is_compiled() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(LARGE),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for body, outcome in zip(LARGE, json.loads(done.stdout), strict=True):
        assert len(body) <= 100_000
        assert outcome["problems"] and "too large to be read" in outcome["problems"][0], outcome
        assert outcome["seconds"] < 0.5 and outcome["grown_mb"] < 16, (body[:60], outcome)


def test_a_template_of_ordinary_size_still_compiles_and_renders() -> None:
    body = "".join(f"{{% if v{i} is defined %}}{{{{ v{i} }}}}{{% endif %}}" for i in range(150))
    assert check_template_text(body) == []
    assert render_template(TemplateDraft("x", "s", body), {"v3": "three"}).body == "three"
