"""The project's own errors: one readable message naming the file and the place."""

from __future__ import annotations

__all__ = [
    "BriefingError", "Problem", "InvalidBriefing", "cause_in_words", "describe_failure", "os_error",
]

import errno
from dataclasses import dataclass

from tui.core.text import clean, clean_name


class BriefingError(Exception):
    """A briefing or article file that cannot be used, with where and why.

    ``str(err)`` is the whole message: ``FILE: PLACE: what is wrong`` (or
    ``FILE: what is wrong`` when the problem is the file as a whole).
    """

    def __init__(self, path: object, message: str, place: str | None = None) -> None:
        self.path = str(path)
        self.place = place
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        # Paths and places can come from other people's files: shown, never obeyed.
        if self.place:
            return f"{clean_name(self.path)}: {clean(f'{self.place}: {self.message}')}"
        return f"{clean_name(self.path)}: {clean(self.message)}"


@dataclass(frozen=True)
class Problem:
    """One validation problem at ``table/doc_id.field``."""

    place: str
    message: str

    def format(self, path: object) -> str:
        return f"{clean_name(path)}: {clean(f'{self.place}: {self.message}')}"


class InvalidBriefing(BriefingError):
    """A briefing that parsed but breaks the format's rules; carries every problem."""

    def __init__(self, path: object, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(path, first.message + more, first.place)

    def lines(self) -> list[str]:
        return [p.format(self.path) for p in self.problems]


# What a failed file operation means to someone who did not write the program.
_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk is full (your quota is used up)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENOENT: "no such file or folder",
    errno.EEXIST: "it already exists",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many symbolic links",
    errno.EIO: "the disk reported an input/output error",
    errno.EMFILE: "too many open files",
    errno.ENFILE: "too many open files",
    errno.ENOMEM: "out of memory",
    errno.EXDEV: "it is on another disk",
    errno.ETXTBSY: "the file is busy",
    errno.EFBIG: "the file would be too large",
}


def cause_in_words(err: BaseException) -> str:
    """Why an operation failed, in words ("the disk is full"), never raw exception text."""
    if isinstance(err, OSError):
        if err.errno in _CAUSES:
            return _CAUSES[err.errno]
        if err.strerror:
            return err.strerror[:1].lower() + err.strerror[1:]
        return "the system refused it"
    if isinstance(err, MemoryError):
        return "out of memory"
    return "something unexpected went wrong"


def os_error(err: OSError, what: str, fallback: object = "") -> BriefingError:
    """A ``BriefingError`` for a failed file operation: ``FILE: WHAT: cause in words``.

    The file named is the one the system names (``err.filename``), else ``fallback``.
    """
    path = err.filename if err.filename is not None else fallback
    return BriefingError(path, f"{what}: {cause_in_words(err)}")


def describe_failure(err: BaseException) -> str:
    """A failure as one display-safe line: ``FILE: cause in words`` when the system names
    a file, else the cause alone; a ``BriefingError`` is its own message."""
    if isinstance(err, BriefingError):
        return str(err)
    if isinstance(err, OSError) and err.filename is not None:
        return f"{clean_name(err.filename)}: {cause_in_words(err)}"
    return cause_in_words(err)
