"""What every notebook does first: check its parameters, then open the study it reports on."""

from __future__ import annotations

import types
from pathlib import Path

from analysis.parameters import coerce
from analysis.paths import CACHE, FIGURES, ROOT
from analysis.plots import use_theme
from analysis.stance import parse_targets
from analysis.study import Study, ensure_study, load_study, parameters_of

_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}


def check_parameters(namespace: dict, declared: str) -> None:
    """Fail on any parameter the notebook does not declare, and on a value of the wrong type;
    text given for a boolean ("false") or a number given for text becomes the declared type.

    Call right after the `parameters` cell: papermill injects unknown names without
    complaint, so any global that is not declared, private or a module is one of them.
    """
    allowed = set(declared.split())
    unknown = sorted(
        name
        for name, value in namespace.items()
        if not name.startswith("_")
        and name not in allowed
        and name not in _IPYTHON_NAMES
        and not isinstance(value, (types.ModuleType, types.FunctionType, type))
    )
    if unknown:
        raise ValueError(f"unknown parameter(s): {', '.join(unknown)} (this notebook declares: {declared})")
    for name in allowed & set(namespace):
        namespace[name] = coerce(name, namespace[name])


def resolve(path: str | Path) -> Path:
    """A parameter path: absolute as given, relative to the project root otherwise."""
    path = Path(path)
    return path if path.is_absolute() else ROOT / path


def figures_folder(figures: str, parameters: dict[str, object]) -> Path:
    """Where a notebook writes its charts: `figures` if given, else the run's own folder
    (reports/<run>/figures), and for the README's run the tracked figures/ folder."""
    if figures:
        return resolve(figures)
    from analysis.reports import default_out, is_readme_run

    return FIGURES if is_readme_run(parameters) else default_out(parameters) / "figures"


def open_study(
    *,
    study: str = "",
    corpus: str,
    target: str,
    aliases: str,
    figures: str,
    exclude_self: bool = False,
    indirect: bool | None = None,
    targets: str = "",
    dedupe: bool | None = None,
) -> Study:
    """The study a report reads, with the suite's chart theme switched on.

    `study` names a study folder (what `analysis report` passes); without it, the study of
    these parameters in their run folder (reports/<run>/study) is read, and built there first
    if it is missing or out of date, so that a notebook run alone (papermill, JupyterLab)
    works too. Either way the notebook never builds tables itself. `indirect` (reported speech
    among the quotes) and `dedupe` (duplicates left out) are the given study's when not named,
    else false. `targets` names more
    targets to compare (`NAME[=alias,...]`, `;`-separated): the study returned is `target`'s,
    with every target's tables in its `combined` study.
    """
    use_theme()
    parameters = {
        "corpus": corpus,
        "target": target,
        "aliases": aliases,
        "targets": targets,
        "exclude_self": exclude_self,
        "indirect": bool(indirect),
        "dedupe": bool(dedupe),
    }
    tgt, *also = parse_targets([target, *(t for t in targets.split(";") if t.strip())], aliases.split(","))
    if study:
        found = load_study(resolve(study))
        shown = bool(found.parameters.get("indirect", False)) if indirect is None else indirect
        deduped = bool(found.parameters.get("dedupe", False)) if dedupe is None else dedupe
        asked = parameters_of(
            resolve(corpus),
            target=tgt,
            exclude_self=exclude_self,
            max_bytes=int(found.parameters["max_doc_bytes"]),
            indirect=shown,
            also=tuple(also),
            dedupe=deduped,
        )
        if asked != found.parameters:
            differ = ", ".join(f"{k} {found.parameters[k]!r} (asked: {asked[k]!r})" for k in asked if asked[k] != found.parameters[k])
            raise ValueError(f"the study {study} was built for other parameters: {differ}")
    else:
        from analysis.reports import default_out

        found, _ = ensure_study(
            default_out(parameters) / "study",
            resolve(corpus),
            target=tgt,
            also=tuple(also),
            exclude_self=exclude_self,
            indirect=bool(indirect),
            dedupe=bool(dedupe),
            jobs=None,
            cache_dir=CACHE,
            protect=(resolve(corpus), ROOT),
        )
    if len(found.targets) > 1:
        found = found.for_target(tgt.name)
    found.figures = figures_folder(figures, parameters)
    return found
