"""Discourse analysis of press coverage: load, clean, segment, quote, score and frame."""

from __future__ import annotations

__all__ = ["__version__"]
__version__ = "0.1.0"
