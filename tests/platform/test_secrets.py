"""Secrets through the real Secret Service (gnome-keyring on a private bus) and the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from itfriend.platform.secrets import SecretStore, SecretStoreError
from tests.desktop import DbusSession, app_env

pytestmark = pytest.mark.desktop

SECRET = "s3cret-Pa55word-%-never-stored-in-itfriend"


def _itfriend(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "itfriend", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_set_get_delete_round_trip(
    unlocked_keyring: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.setenv(key, unlocked_keyring[key])
    store = SecretStore()
    assert store.backend_name() == "keyring.backends.SecretService.Keyring"
    assert store.get("smtp") is None
    store.set("smtp", SECRET)
    assert SecretStore().get("smtp") == SECRET  # a new store reads it back from the daemon
    store.set("smtp", "replaced")
    assert store.get("smtp") == "replaced"
    assert store.delete("smtp")
    assert store.get("smtp") is None
    assert not store.delete("smtp")


def test_cli_secret_never_reaches_the_data_folder(
    unlocked_keyring: dict[str, str], dbus_session: DbusSession, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = app_env(home, bus=dbus_session, keyring_env=unlocked_keyring)
    results = [
        _itfriend(env, "secret", "set", "smtp", stdin=SECRET + "\n"),
        _itfriend(env, "secret", "check", "smtp"),
        _itfriend(env, "due"),  # opens the database and logs, so there is data to search
    ]
    for result in results:
        assert result.returncode == 0, result.stderr
        assert SECRET not in result.stdout + result.stderr
    assert "is stored" in results[1].stdout
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite" for p in files), files
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path
    removed = _itfriend(env, "secret", "delete", "smtp")
    assert removed.returncode == 0 and "removed" in removed.stdout
    assert _itfriend(env, "secret", "check", "smtp").returncode == 1


def test_cli_without_any_keyring_says_what_to_do(tmp_path: Path) -> None:
    result = _itfriend(app_env(tmp_path / "home"), "secret", "set", "smtp", stdin=SECRET)
    assert result.returncode == 1
    assert "No keyring is available" in result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stderr


def test_unreachable_secret_service_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.SecretService.Keyring")
    with pytest.raises(SecretStoreError, match="keyring service cannot be reached") as caught:
        SecretStore().set("smtp", SECRET)
    assert SECRET not in str(caught.value)


def test_empty_secret_is_refused(cli: object) -> None:
    result = cli("secret", "set", "smtp", stdin="\n")  # type: ignore[operator]
    assert result.code == 1
    assert "nothing was stored" in result.err
