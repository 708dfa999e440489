"""Views: what a report shows, shaped from a study's tables (selections, pivots, merges), so
that a notebook only calls, displays and plots. Every function takes the study's tables."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.framing import FRAMES
from analysis.localisation import story_region
from analysis.stance import OFF_TARGET

Tables = Mapping[str, pd.DataFrame]
LARGE_CORPUS = 30  # documents: beyond this, per-document charts become per-group ones


def documents_overview(tables: Tables) -> pd.DataFrame:
    columns = [
        "doc_id",
        "outlet",
        "original_outlet",
        "group",
        "region",
        "published",
        "n_paragraphs",
        "n_sentences",
        "n_words",
        "n_removed_lines",
        "n_repairs",
    ]
    return tables["documents"][columns]


def removed_matrix(tables: Tables) -> tuple[pd.DataFrame, str]:
    """Removed lines by reason and document (by group for a large corpus), and the column kind."""
    per = "doc_id" if len(tables["documents"]) <= LARGE_CORPUS else "group"
    counts = tables["removed_by_reason"].groupby(["reason", per])["n_lines"].sum().unstack(fill_value=0)
    return counts, ("document" if per == "doc_id" else "group")


def removed_examples(tables: Tables, *, per_reason: int = 2) -> pd.DataFrame:
    return tables["removed"].groupby("reason", sort=True).head(per_reason)[["doc_id", "line_no", "reason", "text"]]


def repairs_by_kind(tables: Tables) -> pd.DataFrame:
    return tables["repairs"].groupby(["doc_id", "kind"]).size().rename("repairs").reset_index()


def with_groups(tables: Tables, name: str) -> pd.DataFrame:
    """A table with each row's outlet and group (from its document)."""
    return tables[name].merge(tables["documents"][["doc_id", "outlet", "group"]], on="doc_id")


def outlet_speaker_matrix(tables: Tables, *, speakers: int = 25, outlets: int = 15) -> tuple[pd.DataFrame, bool]:
    """Quotes by speaker (rows, most quoted first) and outlet, cut to the most quoted
    `speakers` and `outlets` for readability; and whether it was cut."""
    matrix = tables["voices"].pivot_table(index="speaker", columns="outlet", values="n_quotes", aggfunc="sum", fill_value=0)
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    shown = matrix.iloc[:speakers, :].loc[:, matrix.iloc[:speakers].sum().sort_values(ascending=False, kind="stable").index[:outlets]]
    return shown, shown.shape != matrix.shape


def share_of_voice(tables: Tables, *, by: str = "outlet") -> pd.DataFrame:
    """Quotes by `by` (outlet or group) and speaker role."""
    return tables["voices"].pivot_table(index=by, columns="role", values="n_quotes", aggfunc="sum", fill_value=0)


def stance_evidence_matrix(tables: Tables) -> pd.DataFrame:
    """Stance calls per outlet by what they rest on (cue words, model only, self-presentation, none)."""
    return tables["stance_evidence"].pivot_table(index="outlet", columns="evidence", values="n_calls", aggfunc="sum", fill_value=0)


def quotes_on_target(tables: Tables) -> pd.DataFrame:
    """The quotes that concern the target, with outlet and group."""
    quotes = with_groups(tables, "quotes")
    return quotes[quotes.stance_cue != OFF_TARGET].reset_index(drop=True)


def strongest_quotes(tables: Tables, *, per_stance: int = 4) -> pd.DataFrame:
    """The quotes with the strongest stance on each side, with the cues that decided them."""
    quotes = quotes_on_target(tables)
    ranked = quotes.assign(strength=quotes.stance_score.abs()).sort_values(["stance", "strength"], ascending=[True, False], kind="stable")
    return ranked.groupby("stance").head(per_stance)[["stance", "stance_score", "speaker", "doc_id", "quote", "stance_cue"]]


def frames_matrix(tables: Tables) -> pd.DataFrame:
    """Share of each group's sentences carrying each frame (groups by frames, codebook order)."""
    return tables["frames_by_group"].pivot(index="group", columns="frame", values="share")[list(FRAMES)]


def frame_differences(tables: Tables, *, top: int = 3, per_group: int = 2) -> tuple[pd.Series, pd.DataFrame]:
    """The frames whose shares differ most between groups, and a few sentences per group as evidence."""
    matrix = frames_matrix(tables)
    spread = (matrix.max() - matrix.min()).drop("Other", errors="ignore").sort_values(ascending=False, kind="stable")
    evidence = tables["sentence_frames"].merge(tables["sentences"][["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"])
    evidence = evidence.merge(tables["documents"][["doc_id", "group"]], on="doc_id")
    shown = evidence[evidence.frame.isin(spread.head(top).index)]
    return spread, shown.groupby(["frame", "group"], sort=True).head(per_group)[["frame", "group", "doc_id", "cues", "text"]]


def motives_matrix(tables: Tables) -> pd.DataFrame:
    return tables["motives"].pivot(index="group", columns="motive", values="n_sentences")


def localisation_long(tables: Tables) -> pd.DataFrame:
    """Shares of sentences naming places of the outlet's own country and of others, by group
    (labelled "group (region)"), in long form for a grouped bar chart."""
    local = tables["localisation_by_group"]
    long = local.melt(
        id_vars=["group", "region", "n_sentences"], value_vars=["share_home", "share_foreign"], var_name="places", value_name="share"
    )
    long["places"] = long.places.map({"share_home": "own country", "share_foreign": "other countries"})
    long["group"] = long.group + " (" + long.region + ")"
    return long


def home_mentions(tables: Tables) -> tuple[str, pd.DataFrame]:
    """The story's main country, and the sentences of outlets from elsewhere that name their own."""
    mentions = tables["place_mentions"].merge(tables["documents"][["doc_id", "group", "outlet", "region"]], on="doc_id")
    story = story_region(mentions)
    home = mentions[mentions.home.astype(bool) & (mentions.region != story)]
    return story, home.drop_duplicates(["doc_id", "sent_id"])[["group", "outlet", "name", "text"]]


def target_comparison(study) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Targets side by side, from a multi-target study (`study.combined`, or the study when it
    holds a `target` column): (mean stance of the voices other than each target's own, group
    by target; the same with n and intervals, long). None for a study of one target."""
    combined = getattr(study, "combined", None) or study
    table = combined["group_stance"]
    if "target" not in table.columns:
        return None
    others = table[table.voices == "others only"]
    wide = others.pivot(index="group", columns="target", values="stance_score")
    order = [t.name for t in combined.targets if t.name in wide.columns]
    return wide[order], others.drop(columns="voices").reset_index(drop=True)
