"""Importing a template file reads a regular file, and no more of it than a template can be."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest

from itfriend.core.errors import ValidationError
from itfriend.core.services import Services
from itfriend.core.templates import TemplateError
from tests.core.test_templates_limits import ROOT


def test_a_huge_file_is_refused_after_reading_no_more_than_a_template_can_be(
    services: Services, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:
        file.write(b"---\nname: huge\nsubject: s\n---\n")
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MB without using the disk
    count = len(services.templates.list())
    tracemalloc.start()
    try:
        with pytest.raises(TemplateError, match="too large for a template"):
            services.templates.import_file(huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, peak  # a template file is at most about 400 KB
    assert len(services.templates.list()) == count


# In a child whose address space is capped: reading /dev/zero to its end never ends.
_DEVICE_CHILD = """
import resource, sys
from pathlib import Path
from itfriend.core.paths import AppPaths
from itfriend.core.services import open_services
vm = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (vm + 2**28, vm + 2**28))
home = Path(sys.argv[1])
services = open_services(AppPaths(home, home, home / "logs"))
try:
    services.templates.import_file(Path("/dev/zero"))
except BaseException as exc:
    print(type(exc).__name__, exc)
"""


def test_a_device_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _DEVICE_CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert (
        done.stdout.strip() == "ValidationError cannot import /dev/zero: it is not a regular file"
    ), done.stdout + done.stderr[-1000:]


def test_a_named_pipe_nobody_writes_to_is_refused_at_once(
    services: Services, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            services.templates.import_file(pipe)
        except BaseException as exc:  # handed to the test's thread
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # blocked opening the pipe: let it go before failing
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=10)
        pytest.fail("importing a named pipe blocked")
    assert len(outcome) == 1 and isinstance(outcome[0], ValidationError), outcome
    assert "not a regular file" in str(outcome[0])


def test_an_ordinary_file_still_imports(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "hello.txt"
    path.write_text("---\nname: Hello\nsubject: Hi\n---\nHello {{ person.first_name }}\n")
    assert services.templates.import_file(path).name == "Hello"
