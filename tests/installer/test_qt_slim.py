"""The rules that keep unneeded Qt parts out of the frozen app (fast: no build)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def qt_slim() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qt_slim", REPO / "installer" / "qt_slim.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("qt_slim", module)
    spec.loader.exec_module(module)
    return module


QT = "PySide6/Qt"


@pytest.mark.parametrize(
    "kept",
    [
        f"{QT}/lib/libQt6Core.so.6",
        f"{QT}/lib/libQt6Gui.so.6",
        f"{QT}/lib/libQt6Widgets.so.6",
        f"{QT}/lib/libQt6DBus.so.6",
        f"{QT}/lib/libQt6Network.so.6",
        f"{QT}/lib/libQt6Svg.so.6",
        f"{QT}/lib/libQt6XcbQpa.so.6",
        f"{QT}/lib/libicudata.so.73",
        f"{QT}/lib/libicuuc.so.73",
        f"{QT}/lib/libicui18n.so.73",
        f"{QT}/plugins/platforms/libqxcb.so",
        f"{QT}/plugins/platforms/libqoffscreen.so",
        f"{QT}/plugins/imageformats/libqsvg.so",
        f"{QT}/plugins/iconengines/libqsvgicon.so",
        f"{QT}/plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "PySide6/Qt6Core.dll",
        "PySide6/plugins/platforms/qwindows.dll",
        "itfriend/resources/icons/itfriend.svg",
        "vaderSentiment/vader_lexicon.txt",
    ],
)
def test_needed_parts_are_kept(qt_slim: ModuleType, kept: str) -> None:
    assert qt_slim.keep(kept)


@pytest.mark.parametrize(
    "dropped",
    [
        f"{QT}/lib/libQt6Qml.so.6",
        f"{QT}/lib/libQt6QmlModels.so.6",
        f"{QT}/lib/libQt6Quick.so.6",
        f"{QT}/lib/libQt6Pdf.so.6",
        f"{QT}/lib/libQt6OpenGL.so.6",
        f"{QT}/lib/libQt6WebEngineCore.so.6",
        f"{QT}/lib/libQt6Multimedia.so.6",
        f"{QT}/translations/qtbase_de.qm",
        f"{QT}/plugins/platforms/libqwayland-egl.so",
        f"{QT}/plugins/platforms/libqeglfs.so",
        f"{QT}/plugins/platformthemes/libqgtk3.so",
        f"{QT}/plugins/imageformats/libqtiff.so",
        f"{QT}/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
        "PySide6/Qt6Quick.dll",
        "PySide6/translations/qtbase_de.qm",
    ],
)
def test_unneeded_parts_are_dropped(qt_slim: ModuleType, dropped: str) -> None:
    assert not qt_slim.keep(dropped)


def test_slim_filters_toc_entries(qt_slim: ModuleType) -> None:
    toc = [
        (f"{QT}/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
        (f"{QT}/lib/libQt6Qml.so.6", "/src/libQt6Qml.so.6", "BINARY"),
    ]
    assert [dest for dest, _src, _kind in qt_slim.slim(toc)] == [f"{QT}/lib/libQt6Core.so.6"]
