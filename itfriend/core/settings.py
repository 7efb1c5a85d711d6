"""Every user preference, declared once with its type and default, kept in ``settings.json``.

Secrets are never settings: passwords go to keyring (``itfriend secret set``). Window geometry and
other state the user did not choose are kept apart, in the window-state file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from itfriend.core.clock import WEEKDAYS
from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.quoting import quoted
from itfriend.core.safe_files import write_text_atomically

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Setting:
    key: str
    kind: type
    default: Any
    description: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    # Text settings end up in a one-line field, a template or a mail header: a value pasted by
    # mistake (100,000 characters) is refused rather than kept.
    longest: int = 1000
    check: Callable[[Any], str | None] | None = field(default=None, compare=False)

    def parse(self, text: str) -> Any:
        """Turn what the user typed into a value of the declared type, or raise ValidationError."""
        value: Any
        if self.kind is bool:
            lowered = text.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                value = True
            elif lowered in ("0", "false", "no", "off"):
                value = False
            else:
                raise ValidationError(f"{self.key} is yes or no, not {quoted(text)}")
        elif self.kind is int:
            try:
                value = int(text.strip())
            except ValueError:
                raise ValidationError(f"{self.key} is a whole number, not {quoted(text)}") from None
        else:
            value = text.replace("\\n", "\n") if self.key.endswith("signature") else text
        return self.validate(value)

    def validate(self, value: Any) -> Any:
        if not isinstance(value, self.kind) or (self.kind is int and isinstance(value, bool)):
            raise ValidationError(f"{self.key} must be a {self.kind.__name__}")
        if isinstance(value, str) and len(value) > self.longest:
            raise ValidationError(
                f"{self.key} is too long ({len(value):,} characters, at most {self.longest:,})"
            )
        if self.choices and value not in self.choices:
            raise ValidationError(f"{self.key} must be one of: {', '.join(self.choices)}")
        number = cast(int, value)
        if self.minimum is not None and number < self.minimum:
            raise ValidationError(f"{self.key} must be at least {self.minimum}")
        if self.maximum is not None and number > self.maximum:
            raise ValidationError(f"{self.key} must be at most {self.maximum}")
        if self.check is not None:
            problem = self.check(value)
            if problem:
                raise ValidationError(f"{self.key}: {problem}")
        return value


def _clock_time(value: str) -> str | None:
    return None if _TIME.match(value) else "use a 24-hour time such as 09:30"


def _weekdays(value: str) -> str | None:
    days = [d.strip().lower() for d in value.split(",") if d.strip()]
    if not days or any(d not in WEEKDAYS for d in days):
        return "list days as mon,tue,wed,thu,fri,sat,sun"
    return None


def _email(value: str) -> str | None:
    return None if value == "" or re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value) else "not an email"


SETTINGS: tuple[Setting, ...] = (
    Setting("me.name", str, "", "Your name, used in templates and as the sender"),
    Setting("me.email", str, "", "Your email address", check=_email),
    Setting("me.phone", str, "", "Your phone number, for signatures"),
    Setting("me.signature", str, "", "Your email signature (use \\n for new lines)", longest=5000),
    Setting("contact.cadence_days", int, 30, "Default days between contacts", minimum=1),
    Setting("notifications.enabled", bool, True, "Show desktop notifications"),
    Setting(
        "reminders.digest_time", str, "09:30", "Daily time of the overdue digest", check=_clock_time
    ),
    Setting("reminders.max_per_day", int, 10, "Most prompts a day", minimum=1, maximum=100),
    Setting("reminders.digest_size", int, 5, "People named in the overdue digest", minimum=1),
    Setting("quiet.start", str, "18:00", "Quiet hours begin (no reminders)", check=_clock_time),
    Setting("quiet.end", str, "08:00", "Quiet hours end", check=_clock_time),
    Setting("work.days", str, "mon,tue,wed,thu,fri", "Working days", check=_weekdays),
    Setting("app.autostart", bool, False, "Start itfriend when you log in"),
    Setting("hotkey.picker", str, "<ctrl>+<alt>+i", "Global hotkey of the template picker"),
    Setting(
        "paste.keystroke",
        str,
        "ctrl+v",
        "Keystroke that pastes",
        choices=("ctrl+v", "shift+insert", "cmd+v"),
    ),
    Setting("cooldown.min_minutes", int, 2, "Shortest cool-down", minimum=0, maximum=120),
    Setting("cooldown.max_minutes", int, 15, "Longest cool-down", minimum=1, maximum=240),
    Setting("smtp.host", str, "", "SMTP server name"),
    Setting("smtp.port", int, 587, "SMTP server port", minimum=1, maximum=65535),
    Setting("smtp.security", str, "starttls", "SMTP security", choices=("none", "starttls", "ssl")),
    Setting("smtp.user", str, "", "SMTP user name (the password is kept in keyring)"),
    Setting(
        "announce.monthly_limit", int, 8, "Most announcements a group gets in 30 days", minimum=1
    ),
)

_BY_KEY = {s.key: s for s in SETTINGS}
_SECRET_WORDS = ("password", "secret", "token", "apikey", "api_key")


def declared(key: str) -> Setting:
    if any(word in key.lower() for word in _SECRET_WORDS):
        raise ValidationError(
            f"{quoted(key)} looks like a secret; secrets are kept in keyring: "
            "itfriend secret set NAME"
        )
    try:
        return _BY_KEY[key]
    except KeyError:
        raise ValidationError(
            f"there is no setting {quoted(key)}; see 'itfriend settings list'"
        ) from None


class Settings:
    """The user's preferences, read from and written to a JSON file atomically."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._values: dict[str, Any] = {}
        self.reload()

    @property
    def path(self) -> Path:
        return self._path

    def reload(self) -> None:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raw = {}
        except (OSError, ValueError):
            # A damaged file must not stop the app; its values fall back to the defaults.
            raw = {}
        self._values = {}
        for key, value in raw.items() if isinstance(raw, dict) else ():
            setting = _BY_KEY.get(key)
            if setting is None:
                continue
            try:
                self._values[key] = setting.validate(value)
            except ValidationError:
                continue

    def get(self, key: str) -> Any:
        return self._values.get(key, declared(key).default)

    def __iter__(self) -> Iterator[tuple[Setting, Any]]:
        for setting in SETTINGS:
            yield setting, self.get(setting.key)

    def set(self, key: str, value: Any) -> None:
        setting = declared(key)
        self.update({key: setting.validate(value)})

    def set_text(self, key: str, text: str) -> Any:
        value = declared(key).parse(text)
        self.update({key: value})
        return value

    def update(self, values: dict[str, Any]) -> None:
        """Validate and store several values at once: all or none."""
        checked = {key: declared(key).validate(value) for key, value in values.items()}
        merged = {**self._values, **checked}
        _write_json_atomically(self._path, merged)
        self._values = merged


def _write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"could not save settings to {path}: {exc.strerror or exc}") from exc
    text = json.dumps(data, indent=2, sort_keys=True)
    write_text_atomically(path, text, outcome="the settings were not changed")
