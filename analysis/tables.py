"""Table shaping: from a pipeline run to tidy tables, one row per document, sentence, quote,
speaker, outlet (and the framing, provenance and aggregate tables built from them).

Rules live in their modules (when stance applies: analysis.stance; roles: analysis.speakers;
cues: analysis.framing and analysis.localisation); here they only become rows and columns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict
from functools import lru_cache

import pandas as pd

from analysis.aggregate import mean_or_nan, stance_units, summarise, writer_stance
from analysis.corpus import OPTIONAL_COLUMNS
from analysis.framing import FRAME_COLUMNS, MOTIVE_COLUMNS, frame_shares, frame_shares_by_group, motive_summary
from analysis.keyterms import count_names, keyterms_from_counts, names_from_counts, top_keyterms
from analysis.localisation import localisation, localisation_by_group, mentions_table
from analysis.paths import data_rows
from analysis.pipeline import Processed, Run
from analysis.provenance import document_overlap, shared_passages, travelling_quotes
from analysis.segment import sentence_at, words
from analysis.speakers import role_toward
from analysis.stance import AGAINST, FAVOR, NEUTRAL, OFF_TARGET, THRESHOLD, Target, evidence_kind
from analysis.timeline import stance_over_time, volume

FLOAT_FORMAT = "%.4f"
# Key terms kept per group in keyterms.csv (a ranking, not a test: see analysis.keyterms).
KEYTERMS_TOP, KEYTERMS_MIN_COUNT = 100, 2


QUOTE_COLUMNS = [
    "doc_id",
    "quote_id",
    "speaker",
    "affiliation",
    "role",
    "self",
    "quote",
    "kind",
    "cue",
    "start",
    "end",
    "sent_id",
    "mention",
    "sentiment",
    "stance",
    "stance_score",
    "stance_cue",
]
SPEAKER_COLUMNS = [
    "speaker",
    "affiliation",
    "role",
    "self",
    "n_quotes",
    "n_docs",
    "outlets",
    "sentiment",
    "n_stance",
    "n_favor",
    "n_against",
    "stance",
    "stance_score",
]
OUTLET_COLUMNS = ["outlet", "group", "n_docs", "n_quotes", "n_units", "sentiment", "stance_score", "stance_ci_low", "stance_ci_high"]
# How far to trust a stance: how many of its calls rest on each kind of evidence, and the share
# of such calls that were right on the development sets (resources/stance_accuracy.csv).
TRUST_COLUMNS = ["n_cue_words", "n_model_only", "n_self_presentation", "call_accuracy"]
_KIND_COLUMN = {"cue words": "n_cue_words", "model only": "n_model_only", "self-presentation only": "n_self_presentation"}
SENTENCE_COLUMNS = ["doc_id", "sent_id", "paragraph", "kind", "start", "end", "text", "sentiment", "stance", "stance_score", "stance_cue"]
PROBLEM_COLUMNS = ["doc_id", "stage", "error"]
EXCLUDED_COLUMNS = ["doc_id", "outlet", "group", "published", "language", "duplicate_of", "reason"]
BOILERPLATE_REASON = "web page boilerplate (removed at import)"


def documents_table(processed: list[Processed]) -> pd.DataFrame:
    rows = []
    for p in processed:
        rows.append(
            {
                "doc_id": p.doc.doc_id,
                "outlet": p.doc.outlet,
                "group": p.doc.group,
                "published": p.doc.published,
                **{c: p.doc.meta.get(c, "") for c in OPTIONAL_COLUMNS if c not in ("notes", "boilerplate")},
                "n_paragraphs": len(p.clean.paragraphs),
                "n_sentences": len(p.sentences),
                "n_words": len(words(p.clean.text)),
                # the text file's lines and the web page's lines removed at import (in the audit too)
                "n_lines": len(p.clean.line_status) + len(p.doc.boilerplate),
                "n_removed_lines": len(p.clean.removed) + len(p.doc.boilerplate),
                "n_repairs": len(p.clean.repairs),
            }
        )
    return pd.DataFrame(rows)


def removed_table(processed: list[Processed]) -> pd.DataFrame:
    """Every removed line: the web page's boilerplate that import removed (line 0: not a line of
    the text file), then the lines cleaning removed from the text file."""
    rows = [(p.doc.doc_id, line_no, text, reason) for p in processed for line_no, text, reason in _removed_rows(p)]
    return pd.DataFrame(rows, columns=["doc_id", "line_no", "text", "reason"])


def _removed_rows(p: Processed) -> list[tuple[int, str, str]]:
    """(line number, text, reason) of a document's removed lines, boilerplate first."""
    return [(0, line, BOILERPLATE_REASON) for line in p.doc.boilerplate] + [(r.line_no, r.text, r.reason) for r in p.clean.removed]


def excluded_table(run: Run) -> pd.DataFrame:
    """Documents left out on purpose (not English, or duplicates under dedupe), with why."""
    rows = [
        (x.doc.doc_id, x.doc.outlet, x.doc.group, x.doc.published, x.language, x.doc.meta.get("duplicate_of", ""), x.reason)
        for x in run.excluded
    ]
    return pd.DataFrame(rows, columns=EXCLUDED_COLUMNS)


def repairs_table(processed: list[Processed]) -> pd.DataFrame:
    rows = [(r.doc_id, r.line_no, r.kind, r.before, r.after) for p in processed for r in p.clean.repairs]
    return pd.DataFrame(rows, columns=["doc_id", "line_no", "kind", "before", "after"])


def paragraphs_table(processed: list[Processed]) -> pd.DataFrame:
    rows = [
        (p.doc.doc_id, x.index, x.kind, x.start, x.end, x.first_line, x.last_line, x.text) for p in processed for x in p.clean.paragraphs
    ]
    return pd.DataFrame(rows, columns=["doc_id", "index", "kind", "start", "end", "first_line", "last_line", "text"])


def sentences_table(run: Run) -> pd.DataFrame:
    """Every sentence with its sentiment, and a stance where it concerns the target."""
    rows = [
        (s.doc_id, s.sent_id, s.paragraph, s.kind, s.start, s.end, s.text, sentiment, *stance)
        for p in run.processed
        for s, sentiment, stance in zip(p.sentences, p.analysis.sentence_sentiment, run.scores[p.doc.doc_id].sentence_stance)
    ]
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def quotes_table(run: Run) -> pd.DataFrame:
    """Every quote with its speaker's profile, `self` flag, sentiment and stance (neutral, with
    the off-target cue, when it does not concern the target)."""
    rows = []
    for p in run.processed:
        starts = [s.start for s in p.sentences]
        stances = run.scores[p.doc.doc_id].quote_stance
        for q, sentiment, (is_self, label, score, cue) in zip(p.quotes, p.analysis.quote_sentiment, stances):
            affiliation, role = run.profiles.get(q.speaker, ("", ""))
            sentence = sentence_at(p.sentences, starts, q.start)
            rows.append(
                (
                    q.doc_id,
                    q.quote_id,
                    q.speaker,
                    affiliation,
                    role_toward(role, is_self=is_self),
                    is_self,
                    q.quote,
                    q.kind,
                    q.cue,
                    q.start,
                    q.end,
                    sentence.sent_id if sentence else -1,
                    q.mention,
                    sentiment,
                    label,
                    score,
                    cue,
                )
            )
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def speakers_table(quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per quoted speaker: how often, where, with mean sentiment and stance of their quotes."""
    named = quotes[quotes.speaker != ""].merge(documents[["doc_id", "outlet"]], on="doc_id")
    if named.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    on_target = named[named.stance_cue != OFF_TARGET]
    table = named.groupby("speaker", sort=True).agg(
        **{
            "affiliation": ("affiliation", "first"),
            "role": ("role", "first"),
            "is_self": ("self", "max"),
            "n_quotes": ("quote_id", "size"),
            "n_docs": ("doc_id", "nunique"),
            "outlets": ("outlet", lambda s: "; ".join(sorted(set(s)))),
            "sentiment": ("sentiment", "mean"),
        }
    )
    stance = on_target.groupby("speaker", sort=True).stance_score.agg(["size", "mean"])
    labels = on_target.groupby("speaker", sort=True).stance.value_counts().unstack(fill_value=0)
    table = table.rename(columns={"is_self": "self"})
    table["n_stance"] = stance["size"].reindex(table.index).fillna(0).astype(int)
    for label in (FAVOR, AGAINST):
        column = labels[label] if label in labels.columns else pd.Series(dtype=int)
        table[f"n_{label}"] = column.reindex(table.index).fillna(0).astype(int)
    table["stance_score"] = stance["mean"].reindex(table.index)
    # A speaker's position is what their evaluative quotes say: quotes with no stance cue
    # ("neutral") are absence of evidence, so they dilute the mean score but not the label.
    table["stance"] = [
        "" if n == 0 else FAVOR if f > a else AGAINST if a > f else NEUTRAL
        for n, f, a in zip(table.n_stance, table.n_favor, table.n_against)
    ]
    table = table.reset_index().sort_values(["n_quotes", "speaker"], ascending=[False, True], kind="stable")
    return table[SPEAKER_COLUMNS]


def outlets_table(documents: pd.DataFrame, units: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: mean sentence sentiment, and mean stance over quotes and narrative sentences
    about the target, with n and a seeded bootstrap 95% interval."""
    units = units.merge(documents[["doc_id", "outlet", "group"]], on="doc_id")
    stance = summarise(units, ["outlet"], "stance_score").set_index("outlet")
    rows = []
    for (outlet, group), docs in documents.groupby(["outlet", "group"], sort=True):
        ids = set(docs.doc_id)
        s = stance.loc[outlet] if outlet in stance.index else None
        rows.append(
            {
                "outlet": outlet,
                "group": group,
                "n_docs": len(ids),
                "n_quotes": int(quotes.doc_id.isin(ids).sum()),
                "n_units": 0 if s is None else int(s.n_stance_score),
                "sentiment": mean_or_nan(docs.sentiment.tolist()),
                "stance_score": float("nan") if s is None else s.stance_score,
                "stance_ci_low": float("nan") if s is None else s.stance_score_ci_low,
                "stance_ci_high": float("nan") if s is None else s.stance_score_ci_high,
            }
        )
    return pd.DataFrame(rows, columns=OUTLET_COLUMNS)


def framing_tables(run: Run, sentences: pd.DataFrame, documents: pd.DataFrame, *, target: Target) -> dict[str, pd.DataFrame]:
    """Frames, motive framing, key terms and localisation, each with the sentences behind it
    (cue hits come from the per-document stages; here they are counted)."""
    by_doc = sorted(run.processed, key=lambda p: p.doc.doc_id)  # the framing tables read in doc_id order
    assignments = pd.DataFrame([(p.doc.doc_id, i, f, c) for p in by_doc for i, f, c in p.analysis.frames], columns=FRAME_COLUMNS)
    hits = [(p.doc.doc_id, i, (region, name, kind), p.sentences[i].text) for p in by_doc for i, region, name, kind in p.analysis.places]
    mentions = mentions_table(hits, documents)
    targets = {(p.doc.doc_id, i) for p in by_doc for i in run.scores[p.doc.doc_id].about_target}
    meta = documents.set_index("doc_id")
    evidence = pd.DataFrame(
        [
            (p.doc.doc_id, i, meta.at[p.doc.doc_id, "outlet"], meta.at[p.doc.doc_id, "group"], m, c, p.sentences[i].text)
            for p in by_doc
            for i, m, c in p.analysis.motives
            if (p.doc.doc_id, i) in targets
        ],
        columns=MOTIVE_COLUMNS,
    )
    groups = sorted(documents.group.unique())
    folded = run.reductions
    term_scores = keyterms_from_counts({g: folded.terms.get(g, Counter()) for g in groups}, min_count=1, top=None)
    names = {g: count_names(folded.name_runs.get(g, Counter()).items(), set(folded.name_mid.get(g, ()))) for g in groups}
    return {
        "frames": frame_shares(assignments, sentences, documents),
        "sentence_frames": assignments,
        "motives": motive_summary(sentences, documents, aliases=list(target.names), evidence=evidence, targets=targets),
        "motive_sentences": evidence,
        "keyterms": top_keyterms(term_scores, top=KEYTERMS_TOP, min_count=KEYTERMS_MIN_COUNT),
        "term_scores": term_scores,
        "names": names_from_counts(names, top=KEYTERMS_TOP),
        "localisation": localisation(sentences, documents, mentions=mentions),
        "place_mentions": mentions,
    }


def tables_from(
    run: Run, *, target: Target, exclude_self: bool = False, indirect: bool = False, release: bool = False
) -> dict[str, pd.DataFrame]:
    """Every table of a run, in the order they are written; with `release`, the run's
    per-document analyses are dropped once the base tables are made. Indirect speech is
    among the quotes (and in every measure of them) only with `indirect`."""
    documents = documents_table(run.processed)
    sentences = sentences_table(run)
    quotes = quotes_table(run)
    if not indirect:
        quotes = quotes[quotes.kind != "indirect"].reset_index(drop=True)
    units = {flag: stance_units(sentences, quotes, exclude_self=flag) for flag in (False, True)}
    documents["sentiment"] = documents.doc_id.map(sentences.groupby("doc_id").sentiment.mean())
    documents["stance_score"] = documents.doc_id.map(units[exclude_self].groupby("doc_id").stance_score.mean())
    mentions = {p.doc.doc_id: len(target.mentions(p.clean.text)) for p in run.processed}
    documents = documents.merge(writer_stance(sentences, quotes, mentions, threshold=THRESHOLD), on="doc_id", how="left")
    tables = {
        "documents": documents,
        "paragraphs": paragraphs_table(run.processed),
        "sentences": sentences,
        "removed": removed_table(run.processed),
        "repairs": repairs_table(run.processed),
        "quotes": quotes,
        "speakers": speakers_table(quotes, documents),
        "outlets": with_outlet_trust(outlets_table(documents, units[exclude_self], quotes), sentences, quotes, documents),
    }
    tables.update(framing_tables(run, sentences, documents, target=target))
    tables["problems"] = pd.DataFrame([asdict(x) for x in run.problems.items], columns=PROBLEM_COLUMNS)
    tables["excluded"] = excluded_table(run)
    if release:
        run.processed.clear()  # the tables hold it all now; a large corpus needs the memory back
    tables.update(derived_tables(tables, units))
    return tables


def derived_tables(tables: dict[str, pd.DataFrame], units: dict[bool, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables the reports show that are built from the others: provenance, stance by
    group, speaker and evidence, frames and localisation by group, removed lines by reason, and
    coverage and the writers' stance per group over time (analysis.timeline; empty, with their
    columns, when the dates span a week or less)."""
    documents, quotes = tables["documents"], tables["quotes"]
    passages = shared_passages(tables["sentences"], documents)
    return {
        "shared_passages": passages,
        "document_overlap": document_overlap(passages, documents),
        "travelling_quotes": travelling_quotes(quotes, documents),
        "voices": voices(quotes, documents),
        "group_stance": group_stance(tables, units),
        "speaker_stance": speaker_stance(quotes),
        "stance_evidence": stance_evidence(tables["sentences"], quotes, documents),
        "frames_by_group": frame_shares_by_group(tables["sentence_frames"], tables["sentences"], documents),
        "localisation_by_group": localisation_by_group(tables["localisation"]),
        "removed_by_reason": removed_by_reason(tables["removed"], documents),
        "coverage_over_time": volume(documents),
        "stance_over_time": stance_over_time(documents),
    }


def voices(quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Quotes per speaker and outlet, with the outlet's group and the speaker's role ("unknown"
    when neither the registry nor the text gives one): who speaks where."""
    merged = quotes.merge(documents[["doc_id", "outlet", "group"]], on="doc_id")
    merged = merged.assign(role=merged.role.replace("", "unknown"))
    counted = merged.groupby(["speaker", "outlet", "group", "role"], sort=True).size().rename("n_quotes").reset_index()
    return counted[["speaker", "outlet", "group", "role", "n_quotes"]]


def group_stance(tables: Mapping[str, pd.DataFrame], units: Mapping[bool, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Mean stance per group over quotes and narrative sentences about the target, with n and a
    seeded bootstrap 95% interval, for all voices and for others only (self-presentation out).
    `units`: the stance units of both kinds (`aggregate.stance_units`), when already made."""
    frames = []
    for exclude_self, voices_ in ((False, "all, with the target's own"), (True, "others only")):
        counted = (
            units[exclude_self] if units is not None else stance_units(tables["sentences"], tables["quotes"], exclude_self=exclude_self)
        )
        counted = counted.merge(tables["documents"][["doc_id", "group"]], on="doc_id")
        frames.append(summarise(counted, ["group"], "stance_score").assign(voices=voices_))
    return pd.concat(frames, ignore_index=True)


def speaker_stance(quotes: pd.DataFrame) -> pd.DataFrame:
    """Mean stance of each speaker's quotes about the target, with n and a bootstrap interval,
    the target's own voices ("self-presentation") apart from the others, most quoted first,
    and how far to trust it (TRUST_COLUMNS)."""
    on_target = quotes[quotes.stance_cue != OFF_TARGET]
    on_target = on_target.assign(voice=on_target["self"].map({True: "self-presentation", False: "other voices"}))
    table = summarise(on_target, ["speaker", "voice"], "stance_score")
    table = table.merge(trust(on_target, ["speaker", "voice"]), on=["speaker", "voice"], how="left")
    table[TRUST_COLUMNS[:-1]] = table[TRUST_COLUMNS[:-1]].fillna(0).astype(int)
    return table.sort_values("n_stance_score", ascending=False, kind="stable").reset_index(drop=True)


@lru_cache(maxsize=1)
def call_accuracy() -> dict[str, float]:
    """Development-set accuracy of a stance call by the kind of evidence it rests on."""
    return {row["evidence"]: float(row["accuracy"]) for row in data_rows("stance_accuracy.csv")}


def trust(calls: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per `keys`: the number of stance calls (rows with a `stance_cue` about the target) resting
    on cue words, on the model alone and on self-presentation alone, and `call_accuracy`, the
    development-set accuracy expected of those calls (the accuracies of their kinds, weighted
    by their numbers; measured on quotes, also used for the writer's sentences)."""
    kinds = calls.assign(evidence=calls.stance_cue.map(evidence_kind))
    kinds = kinds[kinds.evidence.isin(_KIND_COLUMN)]
    counts = kinds.groupby([*keys, "evidence"], sort=True).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(_KIND_COLUMN), fill_value=0).rename(columns=_KIND_COLUMN)
    accuracy = call_accuracy()
    weights = pd.Series({column: accuracy.get(kind, float("nan")) for kind, column in _KIND_COLUMN.items()})
    total = counts.sum(axis=1)
    counts["call_accuracy"] = ((counts * weights).sum(axis=1) / total).where(total > 0).round(3)
    return counts.reset_index()[[*keys, *TRUST_COLUMNS]]


def with_outlet_trust(outlets: pd.DataFrame, sentences: pd.DataFrame, quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The outlets table with how far to trust each outlet's stance (TRUST_COLUMNS)."""
    calls = pd.concat([sentences[sentences.stance != ""][["doc_id", "stance_cue"]], quotes[["doc_id", "stance_cue"]]], ignore_index=True)
    calls = calls.merge(documents[["doc_id", "outlet"]], on="doc_id")
    merged = outlets.merge(trust(calls, ["outlet"]), on="outlet", how="left")
    merged[TRUST_COLUMNS[:-1]] = merged[TRUST_COLUMNS[:-1]].fillna(0).astype(int)
    return merged


def stance_evidence(sentences: pd.DataFrame, quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """What each outlet's stance calls rest on (stance.evidence_kind): cue words, the model
    alone, self-presentation, or none (quotes not about the target). One row per outlet and kind."""
    calls = pd.concat(
        [
            sentences[sentences.stance != ""][["doc_id", "stance_cue"]].assign(unit="sentence"),
            quotes[["doc_id", "stance_cue"]].assign(unit="quote"),
        ],
        ignore_index=True,
    )
    calls = calls.merge(documents[["doc_id", "outlet"]], on="doc_id").assign(evidence=lambda c: c.stance_cue.map(evidence_kind))
    return calls.groupby(["outlet", "evidence"], sort=True).size().rename("n_calls").reset_index()


def removed_by_reason(removed: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Removed input lines per document and reason (with the document's group)."""
    merged = removed.merge(documents[["doc_id", "group"]], on="doc_id")
    return merged.groupby(["reason", "doc_id", "group"], sort=True).size().rename("n_lines").reset_index()
