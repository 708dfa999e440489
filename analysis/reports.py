"""Reports: run every notebook with papermill, render HTML (full and code-hidden), index them."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.corpus import DEFAULT_MAX_BYTES
from analysis.errors import InputError
from analysis.interactive import page_assets, shows_interactive
from analysis.outputs import MARKER, staged
from analysis.parameters import DEFAULTS, coerce, run_name
from analysis.paths import CACHE, FIGURES, NOTEBOOKS, REPORTS, ROOT, SEEDS

TEMPLATE_DIR = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class NotebookSpec:
    name: str
    title: str
    summary: str
    figures: tuple[str, ...]


SPECS: tuple[NotebookSpec, ...] = (
    NotebookSpec(
        "00_summary",
        "Summary: how the press framed the decision",
        "The findings in a few paragraphs with the key charts, for a reader who opens one report.",
        ("summary_stance_by_group.png", "summary_motives_by_group.png"),
    ),
    NotebookSpec(
        "01_corpus",
        "Corpus and provenance",
        "The sources, their groups, what cleaning removed and why, re-publications and shared quotes.",
        ("corpus_sizes.png", "cleaning_removed_by_reason.png"),
    ),
    NotebookSpec(
        "02_voices",
        "Voices: who is quoted where",
        "Outlet by speaker matrix, share of voice by role, and quotes that travel between outlets.",
        ("voices_outlet_by_speaker.png", "voices_share_by_role.png"),
    ),
    NotebookSpec(
        "03_stance",
        "Sentiment and stance toward the target",
        "Stance and sentiment per outlet and per speaker with n and intervals, self-presentation apart.",
        ("stance_by_outlet.png", "stance_by_speaker.png", "sentiment_vs_stance.png"),
    ),
    NotebookSpec(
        "04_framing",
        "Framing: sympathetic, skeptical and regional sources",
        "Frame shares by group, motive framing, distinctive terms, keywords in context, localisation.",
        ("frames_by_group.png", "motives_by_group.png", "keyterms_fightin_words.png", "localisation_by_group.png"),
    ),
    NotebookSpec(
        "05_validation",
        "Validation against hand-coded gold",
        "Quote precision, recall and speaker accuracy; stance accuracy, macro-F1 and confusion; NewsMTSC.",
        ("validation_stance_confusion.png",),
    ),
)


def notebook_path(spec: NotebookSpec) -> Path:
    return NOTEBOOKS / f"{spec.name}.ipynb"


def execute(path: Path, output: Path, parameters: dict[str, object]) -> Path:
    """Run one notebook top to bottom in a fresh kernel, with the project root as cwd."""
    import papermill
    from jupyter_client.manager import KernelManager

    # Kernels started side by side over TCP can pick the same free port (each process probes
    # for one, releases it, and the kernel binds it later): "Address already in use". Sockets
    # in a folder of this run's own cannot clash.
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        papermill.execute_notebook(
            str(path),
            str(output),
            parameters=parameters,
            cwd=str(ROOT),
            progress_bar=False,
            log_output=False,
            kernel_name="python3",
            km=KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "k")),
            # the kernel's own log (the interrupt at shutdown) is noise in a build; errors in
            # cells are still raised and kept in the executed notebook
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    return output


@lru_cache(maxsize=1)
def report_csp() -> str:
    """The reports' Content-Security-Policy: inline images and styles, and no script but the
    template's own and the interactive tables' (the itables bundle with its initialiser, as
    installed), each allowed by its SHA-256, so a script from anywhere else cannot run."""
    template = (TEMPLATE_DIR / "offline" / "index.html.j2").read_text(encoding="utf-8")
    bodies = [*re.findall(r"<script>(.*?)</script>", template, flags=re.S), page_assets().script]
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'" for body in bodies]
    return f"{CSP_NO_SCRIPT}; font-src data:; script-src {' '.join(hashes)}"


def render(executed: Path, html_path: Path, *, hide_code: bool) -> Path:
    """HTML from an executed notebook with the offline template (images inline, no CDN; the
    DataTables bundle once if the notebook shows an interactive table)."""
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    resources: dict[str, object] = {"csp": report_csp()}
    if shows_interactive(notebook):
        resources["interactive"] = page_assets()
    body, _ = _exporter(hide_code).from_notebook_node(notebook, resources=resources)
    html_path.write_text(body, encoding="utf-8")
    return html_path


@lru_cache(maxsize=2)
def _exporter(hide_code: bool):  # an nbconvert HTMLExporter (imported only here)
    """One exporter per variant and process: its templates are loaded once."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATE_DIR)])
    exporter.exclude_input = hide_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def _declared(spec: NotebookSpec) -> set[str]:
    import papermill

    return set(papermill.inspect_notebook(str(notebook_path(spec))))


def _run_one(spec: NotebookSpec, staging: Path, final: Path, parameters: dict[str, object]) -> str:
    from papermill.exceptions import PapermillExecutionError

    executed = staging / f"{spec.name}.ipynb"
    try:
        execute(notebook_path(spec), executed, parameters)
    except PapermillExecutionError as exc:  # one line, not the kernel's traceback
        raise InputError(f"{spec.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
    # the notebook ran on the staging folder; it shows (and keeps) the run folder's paths
    executed.write_text(executed.read_text(encoding="utf-8").replace(str(staging), str(final)), encoding="utf-8")
    render(executed, staging / f"{spec.name}.html", hide_code=False)
    render(executed, staging / f"{spec.name}.reader.html", hide_code=True)
    return spec.name


def index_html(specs: tuple[NotebookSpec, ...], parameters: dict[str, object]) -> str:
    """The run's index: a link per report and the parameters that made them (escaped)."""
    items = "\n".join(
        f'<li><a href="{s.name}.reader.html">{html.escape(s.title)}</a> '
        f'(<a href="{s.name}.html">with code</a>): {html.escape(s.summary)}</li>'
        for s in specs
    )
    params = ", ".join(f"{html.escape(k)} = {html.escape(str(v))}" for k, v in sorted(parameters.items()) if k != "figures")
    return _page(
        "Reports",
        f"<h1>How the press framed the story: reports</h1>\n<p>Parameters: {params}</p>\n<ul>\n{items}\n</ul>\n"
        "<p>Each report is self-contained and opens offline. The reader version hides the code.</p>",
    )


def runs_html(runs: list[tuple[str, dict[str, object]]]) -> str:
    """The index of every run folder under `reports/`, with each run's parameters (escaped)."""
    items = "\n".join(
        f'<li><a href="{html.escape(name, quote=True)}/index.html">{html.escape(name)}</a>: '
        + html.escape(", ".join(f"{k} = {v}" for k, v in sorted(p.items()) if k != "figures"))
        + "</li>"
        for name, p in runs
    )
    return _page("Runs", f"<h1>Report runs</h1>\n<p>One folder per corpus and target.</p>\n<ul>\n{items}\n</ul>")


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP_NO_SCRIPT}"><title>{title}</title>\n'
        "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;line-height:1.5}</style></head>\n"
        f"<body>{body}</body></html>\n"
    )


RUN_FILE = "run.json"
# A page with no script of its own allows none; the reports allow only their own (by hash).
CSP_NO_SCRIPT = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def default_out(parameters: dict[str, object]) -> Path:
    """The run's own folder under reports/, named by its corpus, target and other parameters."""
    return REPORTS / run_name(parameters, default_corpus=SEEDS)


def is_readme_run(parameters: dict[str, object]) -> bool:
    """The run whose figures the README shows (the seeds, IBM, every other parameter default)."""
    return run_name({k: v for k, v in parameters.items() if k != "figures"}, default_corpus=SEEDS) == run_name({}, default_corpus=SEEDS)


@dataclass(frozen=True)
class Build:
    """How a report run builds its study: engine, cores, per-document cache, strictness."""

    jobs: int | None = None  # None: every core (the notebooks render that many at a time too)
    engine: str = "local"
    scheduler: str | None = None
    cache: Path | None = CACHE
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES

    def study_options(self) -> dict[str, object]:
        """The options of `build_study` (and `ensure_study`) this build sets."""
        return {
            "strict": self.strict,
            "warn": True,
            "max_bytes": self.max_bytes,
            "jobs": self.jobs,
            "engine": self.engine,
            "scheduler": self.scheduler,
            "cache_dir": self.cache,
        }


def build_reports(
    out: Path | None, parameters: dict[str, object], *, jobs: int | None = None, only: tuple[str, ...] = (), build: Build | None = None
) -> list[Path]:
    """Build the study once, then execute and render every notebook on it into the run folder
    `out` (by default its own folder under reports/), all or nothing, `jobs` notebooks at a time.

    The study goes to `out/study` (reused as it is when current: same corpus content,
    parameters and code); each notebook gets the parameters it declares, a parameter no notebook
    declares being an error, and reads that study. The figures go to `out/figures`, and for the
    README's run also to the tracked `figures/`.
    """
    build = build or Build(jobs=jobs)
    specs = tuple(s for s in SPECS if not only or s.name in only)
    if only and len(specs) != len(set(only)):
        raise InputError(f"unknown notebook(s): {', '.join(sorted(set(only) - {s.name for s in SPECS}))}")
    declared = {spec.name: _declared(spec) for spec in specs}
    unknown = sorted(set(parameters) - set().union(*declared.values()))
    if unknown:
        raise InputError(
            f"unknown parameter(s): {', '.join(unknown)}; the notebooks declare: {', '.join(sorted(set().union(*declared.values())))}"
        )
    try:
        parameters = {k: coerce(k, v) for k, v in parameters.items()}
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if "study" in parameters:
        raise InputError("the study parameter is set by analysis report itself; give corpus and target instead")
    from analysis.engines import default_jobs
    from analysis.notebook import resolve
    from analysis.stance import parse_targets
    from analysis.study import build_study, is_current, parameters_of, write_study_into

    corpus = resolve(str(parameters.get("corpus", DEFAULTS["corpus"])))
    named = [str(parameters.get("target", DEFAULTS["target"])), *(t for t in str(parameters.get("targets", "")).split(";") if t.strip())]
    target, *also = parse_targets(named, str(parameters.get("aliases", "")).split(","))
    exclude_self = bool(parameters.get("exclude_self", False))
    indirect = bool(parameters.get("indirect", False))
    dedupe = bool(parameters.get("dedupe", False))
    out = Path(out) if out else default_out(parameters)
    publish_figures = "figures" not in parameters and is_readme_run(parameters)
    with staged(out, protect=(corpus, ROOT, NOTEBOOKS, FIGURES, SEEDS)) as staging:
        if only and out.is_dir():  # keep the run's other reports and their charts
            for path in out.iterdir():
                if path.is_file() and path.name.split(".")[0] not in only and path.name != MARKER:
                    shutil.copy2(path, staging / path.name)
            if (out / "figures").is_dir():
                shutil.copytree(out / "figures", staging / "figures")
        wanted = parameters_of(
            corpus, target=target, exclude_self=exclude_self, max_bytes=build.max_bytes, indirect=indirect, also=tuple(also), dedupe=dedupe
        )
        if is_current(out / "study", corpus, wanted):
            _link_tree(out / "study", staging / "study")
        else:
            study = build_study(
                corpus,
                target=target,
                also=tuple(also),
                exclude_self=exclude_self,
                indirect=indirect,
                dedupe=dedupe,
                **build.study_options(),
            )
            (staging / "study").mkdir()
            write_study_into(study, staging / "study")
            (staging / "study" / MARKER).write_text("", encoding="utf-8")
        given = {**parameters, "study": str(staging / "study"), "figures": str(parameters.get("figures") or staging / "figures")}
        import nbconvert  # noqa: F401  (imported once here, inherited by every forked renderer)

        with ProcessPoolExecutor(max_workers=max(1, build.jobs or default_jobs())) as pool:
            # the notebooks with the most charts first, so that the last to finish is a short one
            heaviest_first = sorted(specs, key=lambda spec: -len(spec.figures))
            runs = [
                pool.submit(_run_one, spec, staging, out, {k: v for k, v in given.items() if k in declared[spec.name]})
                for spec in heaviest_first
            ]
            for future in runs:
                future.result()
        (staging / RUN_FILE).write_text(json.dumps(parameters, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        # the index links every report in the run, also those of an earlier run with --only
        present = tuple(s for s in SPECS if (staging / f"{s.name}.reader.html").is_file())
        (staging / "index.html").write_text(index_html(present, parameters), encoding="utf-8")
        written = sorted(out / p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
    if publish_figures and (out / "figures").is_dir():
        _publish(out / "figures", FIGURES)
    if out.parent.resolve() == REPORTS.resolve():
        _write_runs_index(REPORTS)
    return written


def _link_tree(source: Path, target: Path) -> None:
    """A copy of a folder made of hard links where the file system allows (a study can be large)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)


def _publish(source: Path, folder: Path) -> None:
    """Copy each figure into the tracked `folder`, one atomic replace per file."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if path.suffix in (".png", ".svg"):
            temporary = folder / f".{path.name}.new"
            shutil.copyfile(path, temporary)
            os.replace(temporary, folder / path.name)


def _write_runs_index(reports: Path) -> None:
    runs = []
    for folder in sorted(reports.iterdir()):
        try:
            runs.append((folder.name, json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue  # not a run folder
    temporary = reports / ".index.html.new"
    temporary.write_text(runs_html(runs), encoding="utf-8")
    os.replace(temporary, reports / "index.html")
