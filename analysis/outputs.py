"""Output folders: built whole in a staging folder beside their place, then swapped in.

A run never leaves half-written output and never keeps stale files of an earlier run. It
only ever replaces a folder it made itself (marked by `MARKER`) or an empty one, and never
one that holds the corpus or the project, so `--out ~/Documents` is an error, not a loss.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.errors import InputError

MARKER = ".made-by-analysis"
MARKER_TEXT = "This folder was written by `python -m analysis`; each run replaces it whole.\n"


def slug(text: str, *, limit: int = 40) -> str:
    """A file-name-safe lower-case form of `text` ("Privacy International" -> "privacy-international")."""
    value = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return value[:limit].strip("-") or "x"


def check_out(out: Path, *, protect: tuple[Path, ...] = ()) -> Path:
    """`out` resolved, if a run may (re)write it whole; an InputError in one line otherwise."""
    out = Path(out).resolve()
    for path in protect:
        path = Path(path).resolve()
        if out == path or path.is_relative_to(out):
            raise InputError(f"output folder {out} would replace {path}; choose another --out")
    if out.exists() and not out.is_dir():
        raise InputError(f"output folder {out} exists and is not a folder")
    blocked = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        raise InputError(f"cannot write to {out}: {blocked} is a file, not a folder")
    if out.is_dir() and not _ours(out):
        raise InputError(f"output folder {out} holds files this tool did not write; choose a new or empty folder")
    return out


def _ours(folder: Path) -> bool:
    """A folder this tool wrote (its marker), an empty one, or one holding only such folders
    (a run folder made by `tables` before its reports)."""
    if (folder / MARKER).is_file():
        return True
    return all(entry.is_dir() and not entry.is_symlink() and _ours(entry) for entry in folder.iterdir())


@contextmanager
def staged(out: Path, *, protect: tuple[Path, ...] = ()) -> Iterator[Path]:
    """A staging folder beside `out`; when the block ends without error it replaces `out`."""
    out = check_out(out, protect=protect)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = out.parent / f".{out.name}.new-{secrets.token_hex(6)}"
        staging.mkdir()
    except OSError as exc:
        raise InputError(f"cannot write to {out.parent}: {exc.strerror or exc}") from None
    try:
        yield staging
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{secrets.token_hex(6)}"
        old.mkdir()
        os.replace(out, old / "previous")
    try:
        os.replace(staging, out)
    except OSError:
        if old is not None:
            os.replace(old / "previous", out)  # put the earlier run back
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
