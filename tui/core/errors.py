"""The project's own errors: one readable message naming the file and the place."""

from __future__ import annotations

__all__ = ["BriefingError", "Problem", "InvalidBriefing"]

from dataclasses import dataclass

from tui.core.text import clean


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
            return clean(f"{self.path}: {self.place}: {self.message}")
        return clean(f"{self.path}: {self.message}")


@dataclass(frozen=True)
class Problem:
    """One validation problem at ``table/doc_id.field``."""

    place: str
    message: str

    def format(self, path: object) -> str:
        return clean(f"{path}: {self.place}: {self.message}")


class InvalidBriefing(BriefingError):
    """A briefing that parsed but breaks the format's rules; carries every problem."""

    def __init__(self, path: object, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(path, first.message + more, first.place)

    def lines(self) -> list[str]:
        return [p.format(self.path) for p in self.problems]
