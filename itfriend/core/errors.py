"""Errors the core raises, each with a message a technician can act on."""


class ItfriendError(Exception):
    """Base of every error meant to be shown to the user as is (no traceback)."""


class ValidationError(ItfriendError):
    """Input that cannot be accepted: a bad field value, a malformed date."""


class UsageError(ValidationError):
    """A command given wrongly: a value that cannot be what it stands for (an id past 2^63-1),
    or no option saying what to change. The command line exits with 2 for it, as for what its
    argument parser refuses; elsewhere it is shown like any ValidationError."""


class NotFoundError(ItfriendError):
    """A person, follow-up or other item that does not exist."""


class AmbiguousError(ItfriendError):
    """A reference that matches more than one item; the message lists the candidates."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class ImportFileError(ItfriendError):
    """A contacts file that cannot be imported; nothing was written."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return super().__str__()
        return super().__str__() + "\n" + "\n".join(f"  {p}" for p in self.problems)


class StorageError(ItfriendError):
    """The data folder or database cannot be read or written (full disk, permissions)."""
