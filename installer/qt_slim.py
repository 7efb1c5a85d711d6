"""Which parts of Qt the frozen itfriend leaves out, to keep the bundle small.

PyInstaller's PySide6 hooks collect every Qt library, plugin and translation that the imported
modules might need. itfriend is a tray app with plain widgets: it needs QtCore, QtGui,
QtWidgets, QtNetwork (the single-instance socket), QtDBus (the xcb platform plugin links it),
QtSvg (the icons), the ICU libraries (QtCore links them: start fails without), the xcb and
offscreen platform plugins, the svg image format and icon engine. Everything else listed here
is dropped. The spec imports this module; ``keep`` is a pure function so a fast test can check
the rules without building.
"""

from __future__ import annotations

import re

# Python modules never imported by itfriend that PyInstaller would otherwise follow into.
EXCLUDED_MODULES = [
    "tkinter",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtPrintSupport",
    "PySide6.Qt3DCore",
    # Pulled in by optional imports of NLTK (through textstat) and others; itfriend uses none of
    # them, and numpy + scipy + jedi alone add about 150 MB and minutes of analysis.
    "numpy",
    "scipy",
    "sklearn",
    "pandas",
    "matplotlib",
    "PIL",
    "IPython",
    "jedi",
    "parso",
    "_tkinter",
    "yaml",
    "sympy",
    "joblib",
    "tqdm",
    "click",
    "requests",
    "urllib3",
    "pygments",
    "mako.ext",
    "docutils",
    "setuptools",
    "pkg_resources",
    "distutils",
    "_pytest",
    "pytest",
    "alembic.testing",
    "sqlalchemy.testing",
]

# Shared Qt libraries to drop (matched against the file name, version suffix ignored).
_DROPPED_LIBRARIES = re.compile(
    r"(?:lib)?Qt6(?:Qml\w*|Quick\w*|3D\w*|WebEngine\w*|WebChannel\w*|WebSockets|Pdf\w*|"
    r"Multimedia\w*|OpenGL\w*|Designer\w*|Sql|Test|Help|Xml|Concurrent|PrintSupport|"
    r"VirtualKeyboard\w*|ShaderTools|Charts\w*|DataVisualization\w*|Graphs\w*|Positioning\w*|"
    r"Location|Sensors|SerialPort|SerialBus|Bluetooth|Nfc|RemoteObjects|Scxml|StateMachine\w*|"
    r"TextToSpeech|SpatialAudio|HttpServer|NetworkAuth|UiTools|Labs\w*|LanguageServer|"
    r"JsonRpc)(?:\.so[.\d]*|\.dll|\.dylib)?$",
    re.IGNORECASE,
)

# Plugin folders (under .../Qt/plugins/) that a widgets tray app never loads. Kept: platforms
# (filtered below), imageformats (filtered), iconengines, platformthemes, platforminputcontexts,
# xcbglintegrations, tls, networkinformation.
_DROPPED_PLUGIN_DIRS = {
    "egldeviceintegrations",
    "generic",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-shell-integration",
    "sqldrivers",
    "printsupport",
    "qmltooling",
    "multimedia",
    "position",
    "sceneparsers",
    "renderers",
    "designer",
}

# Platform plugins kept: X11 (and offscreen for tests and headless use); Windows and macOS ones.
_KEPT_PLATFORMS = re.compile(r"(?:lib)?q(?:xcb|offscreen|windows|cocoa)\.(?:so|dll|dylib)$")
# Platform themes kept: the XDG portal one. The GTK 3 one pulls in GTK, cairo and friends
# (about 15 MB of system libraries) for native file dialogs; Qt's own dialogs do instead.
_KEPT_THEMES = re.compile(r"(?:lib)?qxdgdesktopportal\.so$")
# Image formats kept: svg for the icons, ico for Windows, png is built into QtGui.
_KEPT_IMAGE_FORMATS = re.compile(r"(?:lib)?q(?:svg|ico)\.(?:so|dll|dylib)$")


def keep(dest_name: str) -> bool:
    """Whether a file PyInstaller collected (its path inside the bundle) stays in it."""
    parts = dest_name.replace("\\", "/").split("/")
    name = parts[-1]
    if parts[0] == "PySide6" and "translations" in parts:
        return False  # Qt's own translations: itfriend's UI is English only
    if _DROPPED_LIBRARIES.match(name):
        return False
    if "plugins" in parts:
        plugin_dir = (
            parts[parts.index("plugins") + 1] if len(parts) > parts.index("plugins") + 2 else ""
        )
        if plugin_dir in _DROPPED_PLUGIN_DIRS:
            return False
        if plugin_dir == "platforms":
            return bool(_KEPT_PLATFORMS.match(name))
        if plugin_dir == "platformthemes":
            return bool(_KEPT_THEMES.match(name))
        if plugin_dir == "imageformats":
            return bool(_KEPT_IMAGE_FORMATS.match(name))
    return True


def slim(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The TOC entries (dest, source, kind) that ``keep`` accepts."""
    return [entry for entry in entries if keep(entry[0])]


def limit_plugin_collection() -> None:
    """Make PyInstaller's Qt hooks skip the plugins ``keep`` rejects, before analysis.

    Filtering only the finished TOC would leave behind the libraries those plugins link (the
    GTK 3 theme alone brings GTK, GDK, cairo and pango). Patched here, the dropped plugins are
    never analysed. If a future PyInstaller renames the hook helper, only the patch is lost:
    ``slim`` still filters the result.
    """
    import os

    try:
        from PyInstaller.utils.hooks.qt import QtLibraryInfo
    except ImportError:
        return
    collect = getattr(QtLibraryInfo, "collect_plugins", None)
    if collect is None or getattr(collect, "itfriend_limited", False):
        return

    def collect_kept(self: object, plugin_type: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = collect(self, plugin_type)
        return [(src, dst) for src, dst in found if keep(os.path.join(dst, os.path.basename(src)))]

    collect_kept.itfriend_limited = True  # type: ignore[attr-defined]
    QtLibraryInfo.collect_plugins = collect_kept  # type: ignore[method-assign]
