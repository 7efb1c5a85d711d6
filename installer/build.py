"""Build the frozen itfriend: ``python installer/build.py``.

Runs PyInstaller with ``installer/itfriend.spec`` (a one-folder app in ``dist/itfriend/``; on
macOS also ``dist/itfriend.app``), then, on Linux, packs
``dist/itfriend-<version>-linux-<machine>.tar.gz`` with the app folder, the launcher, the
AppStream data, the icon and the install/uninstall scripts. On Windows it writes
``dist/itfriend-version.ini``, which ``installer/windows/itfriend.iss`` reads; then run
``iscc installer/windows/itfriend.iss``.

Needs the ``build`` extra: ``pip install -e '.[build]'``.
"""

from __future__ import annotations

import argparse
import platform
import re
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "itfriend.spec"
LINUX_FILES = ROOT / "installer" / "linux"
APP_ID = "io.github.itfriend"


def version() -> str:
    """The version in ``itfriend/__init__.py``, read without importing the package."""
    text = (ROOT / "itfriend" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("build.py: no __version__ in itfriend/__init__.py")
    return match.group(1)


def folder_size(path: Path) -> int:
    """Bytes in every file under ``path`` (links not followed)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build_app(dist: Path, work: Path, *, slim: bool = True) -> Path:
    """Run PyInstaller with the spec; returns the one-folder app (``dist/itfriend``)."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    if not slim:
        command += ["--", "--no-slim"]
    subprocess.run(command, cwd=ROOT, check=True)
    return dist / "itfriend"


def make_linux_tarball(app: Path, dist: Path, app_version: str) -> Path:
    """Pack the app folder with the desktop integration files and install scripts."""
    name = f"itfriend-{app_version}-linux-{platform.machine()}"
    tarball = dist / f"{name}.tar.gz"
    extras = {
        "install.sh": LINUX_FILES / "install.sh",
        "uninstall.sh": LINUX_FILES / "uninstall.sh",
        f"{APP_ID}.desktop": LINUX_FILES / f"{APP_ID}.desktop",
        f"{APP_ID}.metainfo.xml": LINUX_FILES / f"{APP_ID}.metainfo.xml",
        f"{APP_ID}.svg": ROOT / "resources" / "icons" / "itfriend.svg",
    }
    partial = tarball.with_suffix(".partial")
    # Level 6: nearly the size of level 9 in a fraction of the time.
    with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
        archive.add(app, arcname=f"{name}/itfriend", filter=_normalise)
        for arcname, source in extras.items():
            archive.add(source, arcname=f"{name}/{arcname}", filter=_normalise)
    partial.replace(tarball)
    return tarball


def _normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """No build machine's user names in the archive; files readable by everyone."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o755 if info.isdir() or info.mode & 0o111 else 0o644
    return info


def write_inno_version(dist: Path, app_version: str) -> Path:
    """``dist/itfriend-version.ini``: the version the Inno Setup script puts in the installer."""
    path = dist / "itfriend-version.ini"
    path.write_text(f"[itfriend]\nversion={app_version}\n", encoding="utf-8")
    return path


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder"
    )
    parser.add_argument(
        "--no-slim", action="store_true", help="keep every Qt part (to measure the exclusions)"
    )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    app_version = version()
    started = time.monotonic()
    app = build_app(dist, work, slim=not args.no_slim)
    print(f"built {app} ({megabytes(folder_size(app))}) in {time.monotonic() - started:.0f} s")
    if sys.platform.startswith("linux"):
        tarball = make_linux_tarball(app, dist, app_version)
        print(f"packed {tarball} ({megabytes(tarball.stat().st_size)})")
    elif sys.platform == "win32":
        write_inno_version(dist, app_version)
        print(r"now run: iscc installer\windows\itfriend.iss")
    elif sys.platform == "darwin":
        print(f"built {dist / 'itfriend.app'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
