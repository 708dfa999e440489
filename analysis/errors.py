"""Errors and problems: what stops a run in one line, and what only skips one document.

`InputError` is bad input the command line turns into a one-line message and exit status 2.
A `Problem` is one document that could not be processed: it is listed (`problems.csv` and a
warning) and the rest of the corpus goes on, unless the run is strict.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field


class InputError(ValueError):
    """Bad input: a missing or unreadable file, a malformed manifest, an unusable output folder."""


@dataclass(frozen=True)
class Problem:
    """A document left out of (part of) the analysis, at `stage`, and why."""

    doc_id: str
    stage: str
    error: str


def one_line(exc: BaseException) -> str:
    """An exception as one short line: its message, or its type when it has none."""
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    if isinstance(exc, InputError):
        return text or name
    return f"{name}: {text}"[:300] if text else name


@dataclass
class Problems:
    """Collects per-document problems; in a strict run the first one is fatal."""

    strict: bool = False
    warn: bool = False  # print each problem on stderr as it happens
    items: list[Problem] = field(default_factory=list)

    def add(self, doc_id: str, stage: str, exc: BaseException | str) -> None:
        message = exc if isinstance(exc, str) else one_line(exc)
        if self.strict:
            raise InputError(f"document {doc_id}: {stage}: {message}")
        self.items.append(Problem(doc_id, stage, message))
        if self.warn:
            print(f"warning: document {doc_id} skipped at {stage}: {message}", file=sys.stderr)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:  # an empty collector is still a collector
        return True
