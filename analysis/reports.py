"""Reports: run every notebook with papermill, render HTML (full and code-hidden), index them."""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError
from analysis.paths import NOTEBOOKS, ROOT

TEMPLATE_DIR = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class NotebookSpec:
    name: str
    title: str
    summary: str
    figures: tuple[str, ...]


SPECS: tuple[NotebookSpec, ...] = (
    NotebookSpec("00_summary", "Summary: how the press framed the decision",
                 "The findings in a few paragraphs with the key charts, for a reader who opens one report.",
                 ("summary_stance_by_group.png", "summary_motives_by_group.png")),
    NotebookSpec("01_corpus", "Corpus and provenance",
                 "The sources, their groups, what cleaning removed and why, re-publications and shared quotes.",
                 ("corpus_sizes.png", "cleaning_removed_by_reason.png")),
    NotebookSpec("02_voices", "Voices: who is quoted where",
                 "Outlet by speaker matrix, share of voice by role, and quotes that travel between outlets.",
                 ("voices_outlet_by_speaker.png", "voices_share_by_role.png")),
    NotebookSpec("03_stance", "Sentiment and stance toward the target",
                 "Stance and sentiment per outlet and per speaker with n and intervals, self-presentation apart.",
                 ("stance_by_outlet.png", "stance_by_speaker.png", "sentiment_vs_stance.png")),
    NotebookSpec("04_framing", "Framing: sympathetic, skeptical and regional sources",
                 "Frame shares by group, motive framing, distinctive terms, keywords in context, localisation.",
                 ("frames_by_group.png", "motives_by_group.png", "keyterms_fightin_words.png", "localisation_by_group.png")),
    NotebookSpec("05_validation", "Validation against hand-coded gold",
                 "Quote precision, recall and speaker accuracy; stance accuracy, macro-F1 and confusion; NewsMTSC.",
                 ("validation_stance_confusion.png",)),
)


def notebook_path(spec: NotebookSpec) -> Path:
    return NOTEBOOKS / f"{spec.name}.ipynb"


def check_parameters(path: Path, parameters: dict[str, object]) -> None:
    """Reject parameters the notebook does not declare (papermill itself only warns)."""
    import papermill

    declared = set(papermill.inspect_notebook(str(path)))
    unknown = sorted(set(parameters) - declared)
    if unknown:
        raise InputError(f"{path.name}: unknown parameter(s) {', '.join(unknown)}; declared: {', '.join(sorted(declared))}")


def execute(path: Path, output: Path, parameters: dict[str, object]) -> Path:
    """Run one notebook top to bottom in a fresh kernel, with the project root as cwd."""
    import papermill

    check_parameters(path, parameters)
    papermill.execute_notebook(
        str(path), str(output), parameters=parameters, cwd=str(ROOT), progress_bar=False, log_output=False,
        kernel_name="python3",
        # the kernel's own log (a local TCP notice, the interrupt at shutdown) is noise in a
        # build; errors in cells are still raised and kept in the executed notebook
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    return output


def render(executed: Path, html_path: Path, *, hide_code: bool) -> Path:
    """HTML from an executed notebook with the offline template (images inline, no CDN)."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATE_DIR)])
    exporter.exclude_input = hide_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    html_path.write_text(body, encoding="utf-8")
    return html_path


def _run_one(spec: NotebookSpec, staging: Path, parameters: dict[str, object]) -> str:
    from papermill.exceptions import PapermillExecutionError

    executed = staging / f"{spec.name}.ipynb"
    try:
        execute(notebook_path(spec), executed, parameters)
    except PapermillExecutionError as exc:  # one line, not the kernel's traceback
        raise InputError(f"{spec.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
    render(executed, staging / f"{spec.name}.html", hide_code=False)
    render(executed, staging / f"{spec.name}.reader.html", hide_code=True)
    return spec.name


def index_html(specs: tuple[NotebookSpec, ...], parameters: dict[str, object]) -> str:
    items = "\n".join(
        f'<li><a href="{s.name}.reader.html">{html.escape(s.title)}</a> '
        f'(<a href="{s.name}.html">with code</a>): {html.escape(s.summary)}</li>'
        for s in specs
    )
    params = ", ".join(f"{k} = {html.escape(str(v))}" for k, v in sorted(parameters.items()))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reports</title>\n"
        "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;line-height:1.5}</style></head>\n"
        f"<body><h1>How the press framed the story: reports</h1>\n<p>Parameters: {params}</p>\n<ul>\n{items}\n</ul>\n"
        "<p>Each report is self-contained and opens offline. The reader version hides the code.</p></body></html>\n"
    )


def _declared(spec: NotebookSpec) -> set[str]:
    import papermill

    return set(papermill.inspect_notebook(str(notebook_path(spec))))


def build_reports(out: Path, parameters: dict[str, object], *, jobs: int = 2, only: tuple[str, ...] = ()) -> list[Path]:
    """Execute and render every notebook into `out`, all or nothing, `jobs` at a time.

    Each notebook gets the parameters it declares; a parameter no notebook declares is an error.
    """
    specs = tuple(s for s in SPECS if not only or s.name in only)
    if only and len(specs) != len(set(only)):
        raise InputError(f"unknown notebook(s): {', '.join(sorted(set(only) - {s.name for s in SPECS}))}")
    declared = {spec.name: _declared(spec) for spec in specs}
    unknown = sorted(set(parameters) - set().union(*declared.values()))
    if unknown:
        raise InputError(f"unknown parameter(s): {', '.join(unknown)}; the notebooks declare: {', '.join(sorted(set().union(*declared.values())))}")
    from analysis.notebook import resolve
    from analysis.tables import process

    process(resolve(str(parameters.get("corpus", "seeds"))))  # bad input fails here, in one line
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".reports-", dir=out))
    try:
        with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
            jobs_ = [pool.submit(_run_one, spec, staging, {k: v for k, v in parameters.items() if k in declared[spec.name]}) for spec in specs]
            for future in jobs_:
                future.result()
        written = []
        for path in sorted(staging.iterdir()):
            os.replace(path, out / path.name)
            written.append(out / path.name)
        # the index links every report in `out`, also those of an earlier run with --only
        present = tuple(s for s in SPECS if (out / f"{s.name}.reader.html").is_file())
        (out / "index.html").write_text(index_html(present, parameters), encoding="utf-8")
        return [*written, out / "index.html"]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
