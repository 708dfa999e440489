"""The one error type the command line turns into a one-line message and exit status 2."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: a missing or unreadable file, a malformed manifest, an empty document."""
