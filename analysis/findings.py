"""Findings for the summary report: each sentence of its prose is computed from the tables.

Every function that writes Markdown is `@prose`: it sees the tables with their text escaped
(analysis.markup), so an outlet, speaker or sentence from a corpus always shows as text.

Nothing here is written for one corpus: the paragraphs name whatever groups, speakers,
motives, terms and places the tables hold, and say so when a measure has nothing to show.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.framing import MOTIVES
from analysis.localisation import story_region
from analysis.markup import md, prose
from analysis.stance import OFF_TARGET
from analysis.tables import group_stance as shape_group_stance
from analysis.timeline import MIN_PER_HALF, PERIOD_NAMES, GroupPeak, peak, stance_shift

FEW_DOCUMENTS = 30  # below this many documents, the summary says its figures describe these texts only
MOTIVE_NAMES = {
    "values": "values and ethics",
    "business": "business and revenue",
    "public_relations": "public relations or cynicism",
    "symbolic": "a symbolic step",
}


def group_stance(tables: Mapping[str, pd.DataFrame], *, exclude_self: bool) -> pd.DataFrame:
    """Mean stance per group over quotes and narrative sentences about the target, with n and
    a seeded bootstrap 95% interval; `exclude_self` leaves the target's own quotes out."""
    table = stance_by_group_and_voice(tables)
    voices = "others only" if exclude_self else "all, with the target's own"
    return table[table.voices == voices].drop(columns="voices").reset_index(drop=True)


def stance_by_group_and_voice(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """`group_stance` for all voices and for other voices only (the study's `group_stance`)."""
    return tables["group_stance"] if "group_stance" in tables else shape_group_stance(tables)


# The motive codes as they read in escaped tables (`@prose`), with their names and order.
_MOTIVE_LABELS = {md(code): name for code, name in MOTIVE_NAMES.items()}
_MOTIVE_ORDER = {md(code): i for i, code in enumerate(MOTIVES)}


def _motive_name(code: str) -> str:
    return _MOTIVE_LABELS.get(code, code)


QUOTE_MARKS = "“”\"'‘’ "


def _fmt(value: float) -> str:
    return f"{round(value, 2) + 0.0:+.2f}"  # + 0.0: a value that rounds to zero reads +0.00, never -0.00


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _list(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _groups(documents: pd.DataFrame) -> list[str]:
    return sorted(documents.group.unique())


def evidence_quotes(tables: Mapping[str, pd.DataFrame], *, per_group: int = 2) -> pd.DataFrame:
    """The quotes that weigh most in each group's stance (largest |score|, others' voices
    first), with speaker, outlet and the cue that decided them: the evidence to read."""
    quotes = tables["quotes"].merge(tables["documents"][["doc_id", "outlet", "group"]], on="doc_id")
    quotes = quotes[(quotes.stance != "neutral") & (quotes.stance_cue != OFF_TARGET)]
    quotes = quotes.assign(strength=quotes.stance_score.abs(), own=quotes["self"].astype(bool))
    quotes = quotes.sort_values(
        ["group", "own", "strength", "doc_id", "quote_id"], ascending=[True, True, False, True, True], kind="stable"
    )
    columns = ["group", "outlet", "speaker", "stance", "stance_score", "quote", "stance_cue"]
    return quotes.groupby("group", sort=True).head(per_group)[columns].reset_index(drop=True)


@prose
def corpus_paragraph(tables: Mapping[str, pd.DataFrame], target: str) -> str:
    docs = tables["documents"]
    parts = [f"**{g}** ({_list(_outlets(docs[docs.group == g]))})" for g in _groups(docs)]
    caution = (
        "With so few documents every figure below is a description of these texts, not an estimate for the press at large; each carries its n."
        if len(docs) < FEW_DOCUMENTS
        else "Every figure below carries its n and, for means, a 95% interval."
    )
    return (
        f"The corpus holds {len(docs)} documents ({int(docs.n_words.sum()):,} words after cleaning) "
        f"in {docs.group.nunique()} groups: {_list(parts)}. Stance is measured toward **{target}**. " + caution + _left_out(tables)
    )


def _outlets(docs: pd.DataFrame) -> list[str]:
    """Each outlet once, with its number of documents when it has more than one."""
    counts = docs.groupby("outlet").size()
    return [outlet if n == 1 else f"{outlet} {n}" for outlet, n in counts.items()]


def _left_out(tables: Mapping[str, pd.DataFrame]) -> str:
    problems = tables.get("problems")
    excluded = tables.get("excluded")
    n_excluded = 0 if excluded is None else len(excluded)
    text = ""
    if problems is not None and not problems.empty:
        text += (
            f" {_count(len(problems), 'document')} of the manifest could not be analysed and "
            f"{'is' if len(problems) == 1 else 'are'} left out of every figure (the corpus report lists why)."
        )
    if n_excluded:
        text += f" {_count(n_excluded, 'document')} {'is' if n_excluded == 1 else 'are'} left out on purpose (another language, or duplicates under dedupe; the corpus report lists them)."
    return text


@prose
def stance_paragraph(tables: Mapping[str, pd.DataFrame], target: str) -> str:
    others = group_stance(tables, exclude_self=True).set_index("group")
    everyone = group_stance(tables, exclude_self=False).set_index("group")
    others = others[others.n_stance_score > 0]
    if others.empty:
        return f"No quote or sentence in the corpus concerns {target}, so there is no stance to report."
    ranked = others.sort_values("stance_score", ascending=False, kind="stable")
    lines = [
        f"**{g}** {_fmt(r.stance_score)} (95% interval {_fmt(r.stance_score_ci_low)} to "
        f"{_fmt(r.stance_score_ci_high)}, n = {int(r.n_stance_score)})"
        for g, r in ranked.iterrows()
    ]
    text = f"Leaving the target's own words aside, mean stance toward {target} (-1 against, +1 in favour) is {_list(lines)}. "
    shifted = [
        f"{g} to {_fmt(everyone.loc[g, 'stance_score'])}"
        for g in ranked.index
        if g in everyone.index and abs(everyone.loc[g, "stance_score"] - ranked.loc[g, "stance_score"]) >= 0.05
    ]
    if shifted:
        text += f"Counting {target}'s own statements (self-presentation) moves {_list(shifted)}. "
    overlapping = ranked.stance_score_ci_low.max() <= ranked.stance_score_ci_high.min()
    if overlapping:
        text += "The intervals overlap, so the ranking is a tendency, not a clear separation."
    return text


@prose
def speaker_paragraph(tables: Mapping[str, pd.DataFrame], target: str) -> str:
    speakers = tables["speakers"]
    outside = speakers[(~speakers["self"].astype(bool)) & (speakers.n_stance > 0)]
    against = outside[outside.stance == "against"].sort_values("stance_score", kind="stable")
    favor = outside[outside.stance == "favor"].sort_values("stance_score", ascending=False, kind="stable")

    def who(frame: pd.DataFrame) -> str:
        return _list(
            [
                f"{r.speaker}{f' ({r.affiliation})' if r.affiliation else ''}, {int(r.n_favor if r.stance == 'favor' else r.n_against)} of {_count(int(r.n_stance), 'quote')}"
                for r in frame.head(4).itertuples()
            ]
        )

    text = f"Among quoted voices outside {target}, "
    text += f"those in favour are {who(favor)}" if len(favor) else "none is in favour"
    text += f"; against: {who(against)}." if len(against) else "; none is against."
    own = speakers[speakers["self"].astype(bool) & (speakers.n_stance > 0)]
    if len(own):
        text += (
            f" {target}'s own voices ({_list(list(own.speaker))}) supply {int(own.n_quotes.sum())} "
            f"quotes, shown apart as self-presentation."
        )
    return text


@prose
def motive_paragraph(tables: Mapping[str, pd.DataFrame], target: str) -> str:
    motives = tables["motives"]
    evidence = tables["motive_sentences"]
    if motives.empty or motives.n_sentences.sum() == 0:
        return f"No paragraph about {target} states a motive in the words of the motive lexicon."
    parts = []
    for group, rows in motives.groupby("group", sort=True):
        rows = rows[rows.n_sentences > 0].sort_values("share", ascending=False, kind="stable")
        if rows.empty:
            parts.append(f"the **{group}** group gives no motive")
            continue
        named = [f"{_motive_name(r.motive)} ({r.n_sentences} of {r.n_target} sentences)" for r in rows.itertuples()]
        parts.append(f"the **{group}** group explains it by {_list(named)}")
    joined = "; ".join(parts)
    text = f"How is {target}'s decision explained? " + joined[:1].upper() + joined[1:] + "."
    given = motives[motives.n_sentences > 0]
    only = [(m, g.iloc[0]) for m, g in given.groupby("motive", sort=False) if len(g) == 1]
    if given.group.nunique() < 2:
        only = []  # "only this group" says nothing when no other group gives any motive
    for motive, row in sorted(only, key=lambda x: _MOTIVE_ORDER.get(x[0], 99)):
        example = evidence[(evidence.motive == motive) & (evidence.group == row.group)].head(1)
        if len(example):
            text += (
                f" Only the {row.group} group reads it as {_motive_name(motive)}, e.g. "
                f"“{example.iloc[0].text.strip().strip(QUOTE_MARKS)}” ({example.iloc[0].outlet})."
            )
    return text


@prose
def terms_paragraph(tables: Mapping[str, pd.DataFrame], top: int = 6) -> str:
    terms = tables["keyterms"]
    if terms.empty:
        return "No term occurs often enough to rank as distinctive."
    parts = [f"**{g}**: {', '.join(rows.head(top).term)}" for g, rows in terms.groupby("group", sort=True)]
    names = tables.get("names")
    if names is not None and len(names):
        only = names[names.count_rest == 0].groupby("group", sort=True).head(top)
        listed = [f"**{g}**: {', '.join(rows.name)}" for g, rows in only.groupby("group", sort=True)]
    else:
        listed = []
    strongest = terms.log_odds_z.abs().max()
    text = f"The most distinctive words of each group against the rest (Fightin' Words log-odds) are {'; '.join(parts)}. "
    if listed:
        text += f"Names that no other group uses: {'; '.join(listed)}. "
    if strongest < 1.96:
        text += (
            f"No term reaches |z| ≥ 1.96 (the largest is {strongest:.2f}): these are rankings of "
            "a small corpus, to be read with the sentences behind them (the framing report shows them "
            "in context)."
        )
    return text


@prose
def localisation_paragraph(tables: Mapping[str, pd.DataFrame]) -> str:
    local = tables["localisation"]
    mentions = tables["place_mentions"]
    parts = []
    for g, rows in local.groupby("group", sort=True):
        n, home = int(rows.n_sentences.sum()), int(rows.n_home.sum())
        regions = _list(sorted({r for r in rows.region if r}))
        names = mentions[mentions.doc_id.isin(rows.doc_id) & mentions.home.astype(bool)].name
        top = ", ".join(names.value_counts().sort_index().sort_values(ascending=False, kind="stable").head(3).index)
        parts.append(
            f"**{g}** ({regions or 'no region'}) {home} of {n} sentences ({home / n:.0%})" + (f", naming {top}" if top else "")
            if n
            else f"**{g}** has no sentences"
        )
    text = (
        "Localisation, the share of sentences that name places, nationalities or institutions of the "
        f"outlet's own country: {'; '.join(parts)}."
    )
    if len(mentions):
        story = story_region(mentions)
        text += (
            f" The story itself is set mostly in {story} (the region named most often), so for "
            f"outlets from {story} the home share measures the story, not a move to their own "
            "country; for the others it measures how far they bring the story home."
        )
    return text


@prose
def headline(tables: Mapping[str, pd.DataFrame], target: str) -> str:
    """Three bullet points: where the groups stand, a motive only one group gives, and who
    brings the story home. Each is left out when the tables do not support it."""
    bullets = []
    stance = group_stance(tables, exclude_self=True)
    stance = stance[stance.n_stance_score > 0]
    ranked = stance.sort_values("stance_score", ascending=False, kind="stable")
    if len(ranked) >= 2 and ranked.stance_score.iloc[0] - ranked.stance_score.iloc[-1] < 0.05:
        bullets.append(f"The groups do not differ in stance toward {target} (all means within 0.05).")
    elif len(ranked) >= 2:
        top, bottom = ranked.iloc[0], ranked.iloc[-1]
        bullets.append(
            f"The **{top.group}** sources are the most favourable to {target} ({_fmt(top.stance_score)}), "
            f"the **{bottom.group}** the least ({_fmt(bottom.stance_score)}), on a scale from -1 to +1, "
            f"leaving {target}'s own statements aside."
        )
    motives = tables["motives"]
    given = motives[motives.n_sentences > 0]
    if given.group.nunique() >= 2:
        for motive, rows in given.groupby("motive", sort=False):
            if len(rows) == 1:
                bullets.append(
                    f"Only the **{rows.iloc[0].group}** group explains the decision as "
                    f"{_motive_name(motive)} ({_count(rows.iloc[0].n_sentences, 'sentence')})."
                )
    local, mentions = tables["localisation"], tables["place_mentions"]
    if len(mentions):
        story = story_region(mentions)
        away = local[(local.region != story) & (local.n_home > 0)]
        for group, rows in away.groupby("group", sort=True):
            names = mentions[mentions.doc_id.isin(rows.doc_id) & mentions.home.astype(bool)].name
            bullets.append(
                f"The **{group}** group brings the {story} story home in {int(rows.n_home.sum())} of "
                f"{int(rows.n_sentences.sum())} sentences, naming {', '.join(sorted(set(names)))}."
            )
    return "\n".join(f"- {b}" for b in bullets)


def summary(tables: Mapping[str, pd.DataFrame], target: str) -> list[str]:
    """The summary report's paragraphs, in the order notebook 00 indexes them (the last, over
    time, is "" when the dates span a week or less)."""
    return [
        corpus_paragraph(tables, target),
        stance_paragraph(tables, target),
        speaker_paragraph(tables, target),
        motive_paragraph(tables, target),
        terms_paragraph(tables),
        localisation_paragraph(tables),
        time_paragraph(tables, target),
    ]


def _peak_phrase(period: str, busiest: GroupPeak) -> str:
    """ "on 2020-06-09 (3 articles)", "in the week of 2019-01-14 (23 articles; as many in 1 other week)"."""
    when = f"in the week of {busiest['period_start']}" if period == "W" else f"on {busiest['period_start']}"
    others = busiest["periods_at_peak"] - 1
    tie = f"; as many {'in' if period == 'W' else 'on'} {_count(others, 'other ' + PERIOD_NAMES[period])}" if others else ""
    return f"{when} ({_count(busiest['n_docs'], 'article')}{tie})"


@prose
def time_paragraph(tables: Mapping[str, pd.DataFrame], target: str) -> str:
    """When coverage peaked, overall and per group, and whether the writers' stance toward the
    target moved from the earlier to the later half of the dates (analysis.timeline); "" when
    the dates span a week or less."""
    documents = tables["documents"]
    top = peak(documents)
    if top is None:
        return ""
    text = f"Coverage peaked {_peak_phrase(top['period'], top)}"
    if len(top["by_group"]) > 1:
        groups = [f"**{g}** {_peak_phrase(top['period'], p)}" for g, p in top["by_group"].items()]
        text += f"; by group, {_list(groups)}"
    text += ". "
    shift = stance_shift(documents)
    earlier = f"n = {shift['n_earlier']}, {shift['first']} to {shift['earlier_to']}"
    later = f"n = {shift['n_later']}, {shift['split']} to {shift['last']}"
    if min(shift["n_earlier"], shift["n_later"]) < MIN_PER_HALF:
        return text + (
            f"Too few articles take a stance toward {target} in the earlier and the later half of the dates "
            f"({earlier}; {later}) to say whether it moved."
        )
    means = f"{_fmt(shift['earlier'])} ({earlier}) to {_fmt(shift['later'])} ({later})"
    interval = f"difference {_fmt(shift['difference'])}, 95% interval {_fmt(shift['ci_low'])} to {_fmt(shift['ci_high'])}"
    if shift["moved"]:
        return text + f"The writers' stance toward {target} moved from {means}; {interval}."
    return (
        text
        + f"The writers' stance toward {target} did not move measurably from the earlier to the later half of the dates: {means}; {interval}."
    )


@prose
def targets_paragraph(tables: Mapping[str, pd.DataFrame], targets: list[str]) -> str:
    """How the groups' stance differs between targets (a multi-target study's `group_stance`),
    from the voices other than each target's own; "" for one target."""
    table = tables["group_stance"]
    if "target" not in table.columns or len(targets) < 2:
        return ""
    targets = [md(t) for t in targets]  # as the escaped tables spell them
    others = table[(table.voices == "others only") & table.stance_score.notna()]
    sentences = []
    for target in targets:
        rows = others[others.target == target].sort_values("stance_score")
        if rows.empty:
            sentences.append(f"No group's quotes or sentences concern {target}.")
            continue
        parts = [f"{g} {_fmt(v)} (n={n})" for g, v, n in zip(rows.group, rows.stance_score, rows.n_stance_score)]
        sentences.append(f"Toward {target}: {_list(parts)}.")
    means = others.groupby("target").stance_score.mean().reindex(targets).dropna()
    if len(means) >= 2:
        sentences.append(
            f"Across groups, the coverage is kindest to {means.idxmax()} ({_fmt(means.max())}) and harshest on {means.idxmin()} ({_fmt(means.min())})."
        )
    return " ".join(sentences)
