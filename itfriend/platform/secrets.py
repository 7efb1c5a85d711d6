"""Secrets (the SMTP password and the like) kept in the operating system's keyring, never in
the database, settings or logs.

keyring is imported on first use: it is slow-ish to import and the tray must show first.
Every keyring failure becomes a ``SecretStoreError`` saying what to do; no message ever
contains the secret itself.
"""

from __future__ import annotations

from typing import Any

from itfriend.core.errors import ItfriendError

SERVICE = "itfriend"
# The name the SMTP password is kept under (``itfriend secret set smtp``).
SMTP_PASSWORD = "smtp"

_NO_KEYRING = (
    "No keyring is available to store secrets. Start your desktop's keyring (GNOME Keyring, "
    "KWallet, Windows Credential Manager, macOS Keychain) or choose one with "
    "PYTHON_KEYRING_BACKEND."
)
_LOCKED = "The keyring is locked. Unlock it (log in to the desktop session) and try again."


class SecretStoreError(ItfriendError):
    """The keyring cannot be reached, is locked, or refused the operation."""


class SecretStore:
    """Named secrets of itfriend in the user's keyring, under the service name ``itfriend``.

    ``backend`` is a keyring backend object; by default the one ``PYTHON_KEYRING_BACKEND``
    names, else keyring's own choice, resolved on first use.
    """

    def __init__(self, service: str = SERVICE, backend: Any = None) -> None:
        self.service = service
        self._backend = backend

    def get(self, name: str) -> str | None:
        """The secret stored as ``name``, or None when there is none."""
        value: str | None = self._call(
            "read", name, None, lambda kr: kr.get_password(self.service, name)
        )
        return value

    def set(self, name: str, value: str) -> None:
        """Store ``value`` as ``name``, replacing any earlier one."""
        self._call("store", name, value, lambda kr: kr.set_password(self.service, name, value))

    def delete(self, name: str) -> bool:
        """Forget ``name``; False when nothing was stored under it."""
        from keyring.errors import PasswordDeleteError

        if self.get(name) is None:
            return False
        try:
            self._call("delete", name, None, lambda kr: kr.delete_password(self.service, name))
        except SecretStoreError as exc:
            if isinstance(exc.__cause__, PasswordDeleteError):
                return False
            raise
        return True

    def backend_name(self) -> str:
        """The keyring backend in use, for diagnostics."""
        backend = self._keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def _keyring(self) -> Any:
        if self._backend is None:
            import keyring
            import keyring.core

            try:
                env_choice = keyring.core.load_env()
            except (RuntimeError, ImportError) as exc:  # named but unusable
                raise SecretStoreError(
                    f"The keyring chosen by PYTHON_KEYRING_BACKEND cannot be used: {exc}"
                ) from exc
            self._backend = env_choice or keyring.get_keyring()
        return self._backend

    def _call(self, verb: str, name: str, secret: str | None, action: Any) -> Any:
        from keyring.errors import InitError, KeyringLocked, NoKeyringError

        try:
            return action(self._keyring())
        except SecretStoreError:
            raise
        except NoKeyringError as exc:
            raise SecretStoreError(_NO_KEYRING) from exc
        except KeyringLocked as exc:
            raise SecretStoreError(_LOCKED) from exc
        except InitError as exc:
            if "dismissed" in str(exc).lower() or "locked" in str(exc).lower():
                raise SecretStoreError(_LOCKED) from exc
            message = f"The keyring could not be opened to {verb} {name!r}: {exc}"
            raise SecretStoreError(_without(message, secret)) from exc
        except OSError as exc:  # the bus or the keyring daemon is not there
            message = (
                f"The keyring service cannot be reached ({exc}). Start your desktop's keyring, "
                "or check that this session's D-Bus (DBUS_SESSION_BUS_ADDRESS) is running."
            )
            raise SecretStoreError(_without(message, secret)) from exc
        except Exception as exc:  # D-Bus, COM and OS errors come from below keyring as they are
            message = f"The keyring could not {verb} the secret {name!r}: {exc}"
            raise SecretStoreError(_without(message, secret)) from exc


def _without(message: str, secret: str | None) -> str:
    """Never let a secret into a message, whatever a backend put into its error."""
    return message.replace(secret, "***") if secret else message
