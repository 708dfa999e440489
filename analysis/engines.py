"""Engines that run a per-document function over many documents: in this process, on a pool
of processes (every core), or on a Dask cluster. Results always come back in input order, so
the tables are the same whichever engine ran them.

Items travel in chunks (a few per worker), so that a function and its fixed arguments are
sent once per chunk, not once per document.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Protocol, TypeVar

from analysis.errors import InputError

T = TypeVar("T")
R = TypeVar("R")
ENGINES = ("local", "dask")
CHUNKS_PER_WORKER = 4
MAX_CHUNK = 256
MIN_PARALLEL = 16  # documents below which the local engine works in this process


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Engine(Protocol):
    jobs: int

    def imap(self, fn: Callable[[T], R], items: Sequence[T], *, desc: str = "") -> Iterator[R]: ...

    def map(self, fn: Callable[[T], R], items: Sequence[T], *, desc: str = "") -> list[R]: ...


def _chunks(items: Sequence[T], workers: int) -> list[Sequence[T]]:
    size = max(1, min(MAX_CHUNK, -(-len(items) // (workers * CHUNKS_PER_WORKER))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _run_chunk(fn: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [fn(item) for item in chunk]


def _progress(iterable: Iterator[list[R]], *, total: int, desc: str) -> Iterator[list[R]]:
    """Chunks as they arrive, with a tqdm bar on a terminal (counting documents)."""
    if not desc or not sys.stderr.isatty() or total < 2:
        yield from iterable
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=desc, unit="doc", leave=False) as bar:
        for chunk in iterable:
            bar.update(len(chunk))
            yield chunk


class LocalEngine:
    """One process (`jobs=1`) or a pool of `jobs` processes on this machine."""

    def __init__(self, jobs: int):
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def imap(self, fn: Callable[[T], R], items: Sequence[T], *, desc: str = "") -> Iterator[R]:
        """Results in input order, as they arrive (so a caller can fold them and keep little)."""
        items = list(items)
        if self.jobs == 1 or len(items) < MIN_PARALLEL:  # a pool's start costs more than a few documents
            chunks = _progress((_run_chunk(fn, [item]) for item in items), total=len(items), desc=desc)
        else:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=self.jobs)
            chunks = _progress(self._pool.map(partial(_run_chunk, fn), _chunks(items, self.jobs)), total=len(items), desc=desc)
        for chunk in chunks:
            yield from chunk

    def map(self, fn: Callable[[T], R], items: Sequence[T], *, desc: str = "") -> list[R]:
        return list(self.imap(fn, items, desc=desc))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


class DaskEngine:
    """A Dask cluster: a `LocalCluster` of `jobs` single-threaded workers, or the scheduler at
    `address` (`pip install .[dask]`; docs/scaling.md)."""

    def __init__(self, jobs: int, address: str | None = None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise InputError("the dask engine needs Dask: pip install '.[dask]'") from None
        self._cluster = (
            None if address else LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None)
        )
        self._client = Client(address) if address else Client(self._cluster)
        self.jobs = max(1, len(self._client.scheduler_info().get("workers", {})) or jobs)

    def imap(self, fn: Callable[[T], R], items: Sequence[T], *, desc: str = "") -> Iterator[R]:
        """Results in input order: each chunk is gathered in turn while the cluster works on the rest."""
        items = list(items)
        if not items:
            return
        # the documents go to the workers as data, not inside the task graph
        data = self._client.scatter(_chunks(items, self.jobs))
        futures = self._client.map(partial(_run_chunk, fn), data, pure=False)
        for chunk in _progress((future.result() for future in futures), total=len(items), desc=desc):
            yield from chunk
        for future in [*futures, *data]:
            future.release()

    def map(self, fn: Callable[[T], R], items: Sequence[T], *, desc: str = "") -> list[R]:
        return list(self.imap(fn, items, desc=desc))

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


@contextmanager
def engine(name: str = "local", *, jobs: int | None = None, scheduler: str | None = None) -> Iterator[Engine]:
    """The engine `name` ("local" or "dask"), closed when the block ends."""
    jobs = default_jobs() if jobs is None or jobs < 1 else jobs
    if name not in ENGINES:
        raise InputError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if scheduler and name != "dask":
        raise InputError("--scheduler needs --engine dask")
    runner: LocalEngine | DaskEngine = DaskEngine(jobs, scheduler) if name == "dask" else LocalEngine(jobs)
    try:
        yield runner
    finally:
        runner.close()
