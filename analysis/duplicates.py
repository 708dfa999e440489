"""Exact and near duplicates among a corpus's documents: syndicated copies of one wire story,
re-publications, the same article exported twice.

Two documents are near duplicates when the Jaccard similarity of their sets of word 5-grams
(shingles, Broder 1997) is at least THRESHOLD. Candidate pairs come from MinHash locality-
sensitive hashing (datasketch) so that a corpus of thousands of articles is not compared pair
by pair; every candidate is then checked on its exact shingle sets, so the result does not
depend on the hashing's chance. Documents linked by near-duplicate pairs form a cluster, and
each member but the first is a duplicate *of the first*: the earliest published, then the
first in corpus order. Deterministic: fixed seed, no randomness elsewhere.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

SHINGLE = 5  # words per shingle
THRESHOLD = 0.7  # Jaccard similarity of shingle sets at or above which two texts are near duplicates
NUM_PERM = 128
SEED = 1
# LSH bands x rows: a pair at Jaccard 0.7 becomes a candidate with probability 1 - (1 - 0.7**4)**32
# > 0.9998 (0.6: 0.98); pairs below THRESHOLD that come up are dropped by the exact check.
BANDS = (32, 4)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Item:
    """A document to compare: its id, its date (ISO, sorts as text) and its text."""

    doc_id: str
    published: str
    text: str


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """The text's word `size`-grams (case-folded words), as 64-bit hashes; a text shorter than
    `size` words is one shingle."""
    words = _WORD.findall(text.casefold())
    grams = [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))] if words else []
    return frozenset(int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams)


def _low32(value: int) -> int:
    """A shingle's hash as MinHash takes it: the shingles are hashed already, so no second hash."""
    return value & 0xFFFFFFFF


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def duplicates(items: Sequence[Item], *, threshold: float = THRESHOLD) -> dict[str, tuple[str, float]]:
    """For each document that duplicates an earlier one: (the cluster's first document, the
    Jaccard similarity of the two). Documents without text are never duplicates."""
    from datasketch import MinHash, MinHashLSH
    from scipy.cluster.hierarchy import DisjointSet

    order = sorted(range(len(items)), key=lambda i: (items[i].published, i))
    sets = [shingles(item.text) for item in items]
    lsh = MinHashLSH(num_perm=NUM_PERM, params=BANDS)
    copies = DisjointSet(range(len(items)))
    for i in order:
        if not sets[i]:
            continue
        signature = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_low32)
        signature.update_batch(sorted(sets[i]))
        for j in sorted(lsh.query(signature)):
            if jaccard(sets[i], sets[j]) >= threshold:
                copies.merge(i, j)
        lsh.insert(i, signature)
    rank = {i: k for k, i in enumerate(order)}
    first = {}
    for members in copies.subsets():
        earliest = min(members, key=rank.__getitem__)  # the earliest published, then the first in corpus order
        first.update({i: earliest for i in members if i != earliest})
    return {items[i].doc_id: (items[j].doc_id, round(jaccard(sets[i], sets[j]), 4)) for i, j in sorted(first.items())}
