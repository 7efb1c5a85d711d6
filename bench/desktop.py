"""A display with a system-tray host for the start-up and idle measurements, and a watcher that
sees the moment a tray icon is embedded.

When the environment has no DISPLAY (or its display has no tray host), an Xvfb server and trayer
are started here and stopped afterwards. The watcher listens to the X server instead of polling:
the root window's SubstructureNotify events include the ReparentNotify sent when the tray host
takes an icon window (created on the root) into its own window; that moment is "embedded".
Windows are told apart by their X resource base: every window a client creates carries its
connection's base in the high bits of its id.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from Xlib import X
from Xlib import display as xdisplay
from Xlib.xobject.drawable import Window

TRAY_SELECTION = "_NET_SYSTEM_TRAY_S0"
# Variables of the calling desktop that must not leak into the private one.
_FOREIGN = (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "DBUS_SESSION_BUS_ADDRESS",
    "QT_QPA_PLATFORM",
    "XDG_SESSION_TYPE",
)


def _start(args: list[str], env: dict[str, str], **kwargs: object) -> subprocess.Popen[bytes]:
    """Start a helper in its own process group, so that stopping it ends its children too."""
    process: subprocess.Popen[bytes] = subprocess.Popen(  # type: ignore[call-overload]
        args, env=env, start_new_session=True, **kwargs
    )
    return process


def stop_process(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """SIGTERM, then SIGKILL if it lingers; the process is always reaped."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class TrayWatcher:
    """An X connection that reports when a new icon is embedded in the tray host."""

    connection: xdisplay.Display
    host_base: int
    mask: int
    root: Window = field(init=False)

    def __post_init__(self) -> None:
        self.root = self.connection.screen().root
        self.root.change_attributes(event_mask=X.SubstructureNotifyMask)
        self.connection.sync()

    def _base(self, window_id: int) -> int:
        return window_id & ~self.mask

    def drain(self) -> None:
        """Forget events that happened before now (an earlier run's windows)."""
        self.connection.sync()
        while self.connection.pending_events():
            self.connection.next_event()

    def wait_embedded(self, timeout: float, alive: Callable[[], bool] = lambda: True) -> float:
        """Block until a foreign window is reparented into the tray host; return the
        ``time.perf_counter()`` at which the event arrived. Fails early once ``alive()`` is
        False (the app died)."""
        deadline = time.perf_counter() + timeout
        fd = self.connection.fileno()
        while True:
            while self.connection.pending_events():
                event = self.connection.next_event()
                if event.type != X.ReparentNotify:
                    continue
                now = time.perf_counter()
                parent, window = event.parent.id, event.window.id
                if self._base(parent) == self.host_base and self._base(window) != self.host_base:
                    return now
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no icon was embedded in the tray within {timeout:g} s")
            if not alive():
                raise RuntimeError("the app ended before its icon was embedded")
            select.select([fd], [], [], min(left, 0.25))

    def embedded_icons(self) -> int:
        """How many windows of other clients sit inside the tray host's windows now."""
        found = 0
        stack = [w for w in self.root.query_tree().children if self._base(w.id) == self.host_base]
        while stack:
            window = stack.pop()
            with contextlib.suppress(Exception):  # a window can vanish while we walk
                for child in window.query_tree().children:
                    if self._base(child.id) != self.host_base:
                        found += 1
                    else:
                        stack.append(child)
        return found

    def wait_icons(self, count: int, timeout: float) -> None:
        """Wait (polling, untimed) until exactly ``count`` foreign icons are in the tray."""
        deadline = time.monotonic() + timeout
        while self.embedded_icons() != count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the tray did not come back to {count} icons")
            time.sleep(0.02)


class TrayDesktop:
    """The display the benchmark runs its tray apps on: the caller's, if it has a tray host,
    else a private Xvfb with trayer. ``env`` is the environment to start apps with."""

    def __init__(self) -> None:
        self.display = ""
        self.env: dict[str, str] = {}
        self.note = ""
        self._helpers: list[subprocess.Popen[bytes]] = []
        self._connection: xdisplay.Display | None = None
        self._last_number = 9  # the display number of the last private server tried

    def __enter__(self) -> TrayDesktop:
        outer = os.environ.get("DISPLAY")
        if outer and self._connect(outer, wait=0):
            self.display, self.note = outer, f"the caller's display {outer} and its tray host"
            self.env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
            return self
        for tool, package in (("Xvfb", "xvfb"), ("trayer", "trayer")):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} is needed (apt-get install {package})")
        base = {k: v for k, v in os.environ.items() if k not in _FOREIGN}
        # "disabled:" stops libdbus from auto-launching a stray session bus for each app.
        base["DBUS_SESSION_BUS_ADDRESS"] = "disabled:"
        problems = []
        # Several test runs share this machine's display numbers; a server that loses a race
        # for its number is simply started again.
        for _attempt in range(3):
            problem = self._start_private(base)
            if problem is None:
                self.note = f"a private Xvfb {self.display} with trayer (started by the benchmark)"
                return self
            problems.append(problem)
            self.__exit__(None, None, None)
        raise RuntimeError("no private tray desktop could be started: " + "; ".join(problems))

    def _start_private(self, base: dict[str, str]) -> str | None:
        """Start Xvfb and trayer; None when trayer hosts the tray, else what went wrong."""
        self.display = self._start_xvfb(base)
        self.env = {**base, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}
        trayer = ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request"]
        self._helpers.append(
            _start(
                [*trayer, "--height", "24", "--SetDockType", "true"],
                self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        if self._connect(self.display, wait=15):
            return None
        codes = [helper.poll() for helper in self._helpers]
        return f"on {self.display} trayer did not take the tray within 15 s (exit codes {codes})"

    def _start_xvfb(self, env: dict[str, str]) -> str:
        # A retry takes the next free number: one that failed may be held where no check sees.
        number = _free_display_number(after=self._last_number)
        self._last_number = number
        read_end, write_end = os.pipe()
        screen = ["-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"]
        self._helpers.append(
            _start(
                ["Xvfb", f":{number}", "-displayfd", str(write_end), *screen],
                env,
                pass_fds=(write_end,),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        os.close(write_end)
        try:
            ready, _, _ = select.select([read_end], [], [], 15)
            reported = os.read(read_end, 64).decode().strip() if ready else ""
        finally:
            os.close(read_end)
        if not reported:
            raise RuntimeError(f"Xvfb did not start on :{number} within 15 s")
        return f":{reported}"

    def _connect(self, name: str, wait: float) -> bool:
        """Connect to ``name`` and wait up to ``wait`` s for a tray host to own the selection."""
        deadline = time.monotonic() + wait
        while True:
            try:
                connection = xdisplay.Display(name)
                break
            except Exception:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.05)
        selection = connection.intern_atom(TRAY_SELECTION)
        while True:
            owner = connection.get_selection_owner(selection)
            if owner not in (None, X.NONE) and getattr(owner, "id", None):
                # The host's top-level windows are made by trayer after the selection is taken.
                time.sleep(0.2)
                self._connection = connection
                self._owner_id = owner.id
                return True
            if time.monotonic() > deadline:
                connection.close()
                return False
            time.sleep(0.02)

    def watcher(self) -> TrayWatcher:
        assert self._connection is not None
        mask = self._connection.display.info.resource_id_mask
        return TrayWatcher(self._connection, self._owner_id & ~mask, mask)

    def __exit__(self, *_exc: object) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None
        for helper in reversed(self._helpers):
            if helper.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(helper.pid, signal.SIGTERM)
                try:
                    helper.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    os.killpg(helper.pid, signal.SIGKILL)
                    helper.wait()
        self._helpers.clear()


def _free_display_number(after: int = 9) -> int:
    """A display number no X server uses: no lock file, no socket file and no abstract socket.

    ``Xvfb -displayfd`` alone looks only at lock files, and on a shared machine a server whose
    lock file was removed still answers on its abstract socket, so its number would be reused.
    """
    try:
        sockets = Path("/proc/net/unix").read_text()
    except OSError:
        sockets = ""
    for number in range(max(10, after + 1), 1000):
        if (
            not Path(f"/tmp/.X{number}-lock").exists()
            and not Path(f"/tmp/.X11-unix/X{number}").exists()
            and f"@/tmp/.X11-unix/X{number}\n" not in sockets
        ):
            return number
    raise RuntimeError("no free X display number between 10 and 999")


@contextlib.contextmanager
def tray_desktop() -> Iterator[TrayDesktop]:
    with TrayDesktop() as desktop:
        yield desktop
