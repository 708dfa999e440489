"""Importing libraries without the optional dependencies they would load for features the
suite never uses.

NLTK imports SciPy and scikit-learn when they are installed (for statistics and classifiers),
and seaborn imports SciPy (for kernel density and clustering): over a second in every process,
every report kernel included. Both import them inside `try: … except ImportError` and work
without them, so hiding them while the library loads only switches those optional parts off.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

UNUSED = ("scipy", "sklearn")  # what NLTK's and seaborn's optional imports would load


@contextmanager
def without(*names: str) -> Iterator[None]:
    """Within the block, `import name` raises ImportError for each name not yet imported."""
    hidden = [name for name in names if name not in sys.modules]  # already loaded: nothing to save
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
