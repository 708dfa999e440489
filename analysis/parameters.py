"""Notebook parameters: their types, strict parsing, and the run folder they name.

One home for what `-p NAME=VALUE` (analysis report), `papermill -p` and a notebook's own check
accept: a boolean is true or false and nothing else; a text parameter is text (papermill turns
`-p target 2020` into a number, which is taken back as text).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis.outputs import slug

# Every parameter a notebook may declare, with its type and default.
DEFAULTS: dict[str, object] = {
    "study": "",
    "corpus": "seeds",
    "target": "IBM",
    "aliases": "",
    "targets": "",
    "figures": "",
    "exclude_self": False,
    "indirect": False,
    "dedupe": False,
    "kwic_terms": "general purpose, symbolic, cynical, Vadodara",
    "gold": "tests/development/quotes.csv",
    "gold_target": "IBM",
    "newsmtsc": "",
    "ggt": "",
    "coded": "",
}
TRUE, FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off")
NON_EMPTY = ("corpus", "target")
# What names a run's folder: the corpus and target always, the rest only when not the default.
NAMING = ("corpus", "target", "aliases", "targets", "exclude_self", "indirect", "dedupe", "kwic_terms", "gold", "gold_target", "coded")


def coerce(name: str, value: object) -> object:
    """`value` as the type `name` is declared with; ValueError (one line) if it cannot be."""
    kind = type(DEFAULTS.get(name, ""))
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in TRUE or text in FALSE:
            return text in TRUE
        raise ValueError(f"parameter {name} must be true or false, not {str(value)[:40]!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"parameter {name} must be text, not {type(value).__name__}")
    if name in NON_EMPTY and not value.strip():
        raise ValueError(f"parameter {name} must not be empty")
    return value


def parse(pairs: list[str]) -> dict[str, object]:
    """`NAME=VALUE` strings as typed parameters."""
    parameters: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"parameter {pair[:60]!r} is not NAME=VALUE")
        parameters[name.strip()] = coerce(name.strip(), value)
    return parameters


def run_name(parameters: dict[str, object], *, default_corpus: Path) -> str:
    """The folder name of a run: `<corpus>-<target>`, plus a short hash of the corpus path and
    the other parameters when they are not the defaults (so runs never share a folder)."""
    values = {k: parameters.get(k, DEFAULTS[k]) for k in NAMING}
    corpus = Path(str(values["corpus"]))
    resolved = corpus if corpus.is_absolute() else default_corpus.parent / corpus
    name = f"{slug(corpus.name or 'corpus')}-{slug(str(values['target']))}"
    custom = {k: v for k, v in values.items() if k not in ("corpus", "target") and v != DEFAULTS[k]}
    if resolved.resolve() != default_corpus.resolve():
        custom["corpus"] = str(resolved.resolve())
    if not custom:
        return name
    digest = hashlib.sha256(json.dumps(custom, sort_keys=True).encode()).hexdigest()[:8]
    return f"{name}-{digest}"
