"""Every user preference, declared once with its type and default, kept in ``settings.json``.

Secrets are never settings: passwords go to keyring (``itfriend secret set``). Window geometry and
other state the user did not choose are kept apart, in the window-state file.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from itfriend.core.clock import WEEKDAYS
from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.quoting import quoted
from itfriend.core.safe_files import write_bytes_atomically, write_text_atomically

log = logging.getLogger(__name__)
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


# The key of ``Settings.problems`` for a problem of the whole file rather than of one value.
FILE_PROBLEM = ""


def _reason(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    return str(exc)


class Settings:
    """The user's preferences, read from and written to a JSON file atomically.

    A stored value that is not valid (today) is not used: a newer itfriend may have a shorter
    limit than the one that saved it, or someone edited the file. Its setting takes the default,
    ``problems`` says so in a line the CLI shows and the log keeps, and the stored value is
    written back unchanged on every save until the technician sets that setting, so that nothing
    they chose is lost silently. Keys of no declared setting (an older or newer itfriend's) are
    kept the same way.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._values: dict[str, Any] = {}
        self._kept: dict[str, Any] = {}  # stored values not used, written back as they are
        self._problems: dict[str, str] = {}
        self._unreadable: bytes | None = None  # a file that is not valid, kept until saved over
        self.reload()

    @property
    def path(self) -> Path:
        return self._path

    @property
    def _damaged_copy(self) -> Path:
        return self._path.with_name(self._path.name + ".damaged")

    @property
    def problems(self) -> dict[str, str]:
        """Each stored value that is not used, by key: the line that says why (none: all are).
        A problem of the whole file is under ``FILE_PROBLEM``."""
        return dict(self._problems)

    def reload(self) -> None:
        self._values, self._kept, self._problems = {}, {}, {}
        self._unreadable = None
        try:
            stored = self._path.read_bytes()
        except FileNotFoundError:
            stored = b"{}"
        except OSError as exc:
            # A file that cannot be read must not stop the app; the defaults are used.
            stored = b"{}"
            self._problems[FILE_PROBLEM] = (
                f"settings file {self._path} cannot be read ({exc.strerror or exc}); "
                "itfriend uses the defaults"
            )
        try:
            raw = json.loads(stored.decode("utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("it does not hold one object of settings")
        except ValueError as exc:
            # Damaged or hand-edited: the defaults are used, and the file is kept (copied aside
            # before the next save overwrites it), so nothing the technician wrote is lost.
            raw, self._unreadable = {}, stored
            self._problems[FILE_PROBLEM] = (
                f"settings file {self._path} is not valid ({_reason(exc)}); itfriend uses the "
                f"defaults, and keeps that file as {self._damaged_copy.name} when settings "
                "are next saved"
            )
        if FILE_PROBLEM in self._problems:
            log.warning("%s", self._problems[FILE_PROBLEM])
        for key, value in raw.items() if isinstance(raw, dict) else ():
            setting = _BY_KEY.get(key)
            if setting is None:
                self._kept[key] = value
                continue
            try:
                self._values[key] = setting.validate(value)
            except ValidationError as exc:
                self._kept[key] = value
                self._problems[key] = (
                    f"settings file {self._path}: {exc}; itfriend uses the default until you "
                    f"set {key} again, and keeps the stored value"
                )
                log.warning("%s", self._problems[key])

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
        kept = {key: value for key, value in self._kept.items() if key not in checked}
        if self._unreadable is not None:
            write_bytes_atomically(
                self._damaged_copy, self._unreadable, outcome="the settings were not changed"
            )
        _write_json_atomically(self._path, {**kept, **merged})
        if self._unreadable is not None:
            self._unreadable = None
            self._problems.pop(FILE_PROBLEM, None)
        self._values, self._kept = merged, kept
        self._problems = {key: text for key, text in self._problems.items() if key in kept}


def _write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"could not save settings to {path}: {exc.strerror or exc}") from exc
    text = json.dumps(data, indent=2, sort_keys=True)
    write_text_atomically(path, text, outcome="the settings were not changed")
