"""Agreement with human coders, and stance shares corrected for the machine's measured errors.

A coded sample (`analysis.coding`) gives each sampled item one label per coder. From it:

- **Between coders**: Krippendorff's alpha, nominal (the `krippendorff` package), with a 95%
  interval from resampling items, and percent agreement (the share of pairs of coders on the
  same item who gave the same label).
- **Reference**: an item's label is the coders' most frequent one when it is unique (with two
  or three coders, their majority); tied and uncoded items are left out and listed.
- **Machine against the reference**: accuracy, macro-F1, alpha and the confusion matrix.
- **Corrected shares**: the calibration (predictive-value) estimator of double sampling: every
  unit carries the machine's label j, a probability sample of them also the coders' label c;
  P(c | j) is estimated on the sample, each item weighted by its inverse inclusion
  probability, and a set of units with raw machine shares r_j has corrected shares
  sum_j P(c | j) r_j. For one population this is the maximum-likelihood estimator of
  Tenenbein (1972), "A double sampling scheme for estimating from misclassified multinomial
  data with applications to sampling inspection", Technometrics 14(1), 187-202.

Assumptions, which the reports should state:
1. The coded items are a probability sample of the same units that are counted (with the
   weights in the key), and the coders' reference label is the truth.
2. P(coders' label | machine label) is the same in every group, outlet or speaker that is
   corrected with a calibration estimated on other units too. That is stronger than "the
   machine errs equally in every group": when groups differ in how often they are truly in
   favor, the same machine errors give different P(c | j), and a shared calibration pulls
   every group's corrected shares toward the pooled ones. So a group (or outlet, speaker)
   with at least MIN_PER_KIND coded items of a kind is calibrated on its own items
   (`within=True`, which needs no such assumption); otherwise on all coded items of its kind
   when that kind has MIN_PER_KIND of them (quotes and sentences apart), else on all coded
   items pooled. The `calibration` column says which.

Intervals are percentile bootstraps with a fixed seed and number of replicates, so every
table is reproducible; the corrected shares' interval redraws both the coded items (within
kind x machine label, so each calibration row keeps its size) and the units of each group,
so it includes the uncertainty of the correction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import krippendorff
import numpy as np
import pandas as pd

from analysis.aggregate import BOOTSTRAP_SAMPLES, BOOTSTRAP_SEED, bootstrap_ci
from analysis.errors import InputError
from analysis.stance import OFF_TARGET, STANCES

STANCE_LABELS = (*STANCES, OFF_TARGET)  # what coders choose from (the machine says OFF_TARGET of some quotes)
SEED, BOOTSTRAP = BOOTSTRAP_SEED, BOOTSTRAP_SAMPLES
# A calibration (4 rows of P(coders' label | machine label)) is estimated on a set of coded
# items only when the set holds at least this many: below it, the rows rest on a handful of
# items each, and a broader set is steadier.
MIN_PER_KIND = 50
CODE_FIELDS = ("stance", "speaker_correct", "frame")
BY = ("group", "outlet", "speaker")
_K = len(STANCE_LABELS)


# --------------------------------------------------------------------------- coders


def _values(codes: pd.DataFrame, field: str) -> pd.DataFrame:
    """item_id, coder, value: the non-blank codes of one field (a missing column is all blank)."""
    if codes.duplicated(["item_id", "coder"]).any():
        first = codes[codes.duplicated(["item_id", "coder"])].iloc[0]
        raise InputError(f"codes: item {first.item_id} coded twice by {first.coder}")
    raw = codes[field] if field in codes else pd.Series("", index=codes.index)
    values = pd.DataFrame(
        {"item_id": codes.item_id.astype(str), "coder": codes.coder.astype(str), "value": raw.fillna("").astype(str).str.strip()}
    )
    return values[values["value"] != ""]


def _matrix(values: pd.DataFrame) -> np.ndarray:
    """Coders x items (both sorted), labels as integers in sorted order, NaN where not coded."""
    if values.empty:
        return np.empty((0, 0))
    number = {label: float(i) for i, label in enumerate(sorted(set(values["value"])))}
    table = values.assign(value=values["value"].map(number)).pivot(index="coder", columns="item_id", values="value")
    return table.to_numpy(dtype=float)


def _alpha(matrix: np.ndarray) -> float:
    """Nominal alpha of a reliability matrix; NaN when undefined (fewer than two coders, no
    item coded twice, or a single label used throughout, where it is 0/0)."""
    if matrix.shape[0] < 2 or not ((~np.isnan(matrix)).sum(axis=0) >= 2).any():
        return float("nan")
    try:
        return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))
    except ValueError:
        return float("nan")


def _pairable(matrix: np.ndarray) -> np.ndarray:
    """The columns (items) coded by at least two coders."""
    return matrix[:, (~np.isnan(matrix)).sum(axis=0) >= 2] if matrix.size else matrix


def _percent_agreement(matrix: np.ndarray) -> float:
    """Share of ordered pairs of coders on the same item who agree, over items coded twice."""
    agree = pairs = 0.0
    for column in _pairable(matrix).T:
        _, counts = np.unique(column[~np.isnan(column)], return_counts=True)
        agree += float((counts * (counts - 1)).sum())
        pairs += float(counts.sum() * (counts.sum() - 1))
    return agree / pairs if pairs else float("nan")


def _intervals(statistic: Callable[[np.ndarray], Sequence[float]], n: int, *, seed: int = SEED) -> list[tuple[float, float]]:
    """Percentile 95% intervals of each value of `statistic(indices)` over BOOTSTRAP resamples
    of range(n); replicates where a value is undefined (NaN) are left out of its interval."""
    if n == 0:
        return [(float("nan"), float("nan"))] * len(statistic(np.arange(0)))
    rng = np.random.default_rng(seed)
    values = np.array([statistic(rng.integers(0, n, size=n)) for _ in range(BOOTSTRAP)], dtype=float)
    out = []
    for column in values.T:
        column = column[~np.isnan(column)]
        out.append(tuple(float(v) for v in np.percentile(column, [2.5, 97.5])) if column.size else (float("nan"), float("nan")))
    return out


def alpha(codes: pd.DataFrame, field: str = "stance") -> float:
    """Nominal Krippendorff's alpha between the coders of `codes` on `field` (blank = not coded)."""
    return _alpha(_matrix(_values(codes, field)))


def coder_agreement(codes: pd.DataFrame, fields: Sequence[str] = CODE_FIELDS) -> pd.DataFrame:
    """One row per field: field, n_items (coded by at least two coders), n_coders (who coded
    any item), alpha with alpha_low and alpha_high (bootstrap over those items), and agreement
    (percent agreement as a share: pairs of coders on an item who agree / all such pairs)."""
    rows = []
    for field in fields:
        matrix = _matrix(_values(codes, field))
        pairable = _pairable(matrix)
        n_items = pairable.shape[1] if pairable.size else 0
        ((low, high),) = _intervals(lambda idx, m=pairable: (_alpha(m[:, idx]),), n_items)
        rows.append((field, n_items, matrix.shape[0], _alpha(matrix), low, high, _percent_agreement(matrix)))
    return pd.DataFrame(rows, columns=["field", "n_items", "n_coders", "alpha", "alpha_low", "alpha_high", "agreement"])


def reference(codes: pd.DataFrame, field: str = "stance") -> pd.Series:
    """The coders' label per item (index item_id, sorted): the most frequent label when it is
    unique, which with one coder is that coder's. Items left out are listed in the Series'
    attrs: `tied` (no single most frequent label) and `uncoded` (every code blank)."""
    values = _values(codes, field)
    counts = values.groupby(["item_id", "value"]).size().rename("n").reset_index()
    leaders = counts[counts.n == counts.groupby("item_id").n.transform("max")]
    n_leaders = leaders.groupby("item_id").size()
    winners = leaders[leaders.item_id.map(n_leaders) == 1].set_index("item_id")["value"].sort_index()
    ref = pd.Series(winners.to_numpy(dtype=object), index=pd.Index(winners.index, name="item_id"), name=field, dtype=object)
    ref.attrs["tied"] = sorted(n_leaders[n_leaders > 1].index)
    ref.attrs["uncoded"] = sorted(set(codes.item_id.astype(str)) - set(counts.item_id))
    return ref


def speaker_accuracy(codes: pd.DataFrame, key: pd.DataFrame) -> dict[str, float | int]:
    """Share of sampled quotes whose speaker the coders' reference says is correct ("yes"),
    with n, a bootstrap interval, and the quotes left out as tied or uncoded."""
    quotes = set(key.item_id[key.kind == "quote"].astype(str))
    ref = reference(codes[codes.item_id.astype(str).isin(quotes)], "speaker_correct")
    correct = (ref == "yes").astype(float).tolist()
    low, high = bootstrap_ci(correct)
    share = float(np.mean(correct)) if correct else float("nan")
    return {
        "n": len(correct),
        "accuracy": share,
        "accuracy_low": low,
        "accuracy_high": high,
        "n_tied": len(ref.attrs["tied"]),
        "n_uncoded": len(ref.attrs["uncoded"]),
    }


def frame_agreement(codes: pd.DataFrame, key: pd.DataFrame) -> dict[str, float | int]:
    """Share of sampled sentences whose coders' frame (reference) is among the frames the
    machine's cues found in it (`machine_frames`, "; "-separated; the machine may find several,
    the coders choose one), with n and a bootstrap interval."""
    sentences = key[key.kind == "sentence"].set_index(key.item_id[key.kind == "sentence"].astype(str))
    ref = reference(codes[codes.item_id.astype(str).isin(set(sentences.index))], "frame")
    found = [label in str(sentences.machine_frames.get(item, "")).split("; ") for item, label in ref.items()]
    hits = [float(x) for x in found]
    low, high = bootstrap_ci(hits)
    return {"n": len(hits), "accuracy": float(np.mean(hits)) if hits else float("nan"), "accuracy_low": low, "accuracy_high": high}


# --------------------------------------------------------------------------- machine


def _coded(key: pd.DataFrame, ref: pd.Series) -> pd.DataFrame:
    """The key's items that have a reference label, sorted by item_id, with integer columns
    m (machine label) and t (coders' label) indexing STANCE_LABELS."""
    if key.item_id.duplicated().any():
        raise InputError(f"key: item {key.item_id[key.item_id.duplicated()].iloc[0]} listed twice")
    _check_labels(key.machine_stance, "key")
    _check_labels(ref, "reference")
    coded = key.assign(item_id=key.item_id.astype(str))
    coded = coded[coded.item_id.isin(ref.index)].sort_values("item_id", kind="stable").reset_index(drop=True)
    number = {label: i for i, label in enumerate(STANCE_LABELS)}
    return coded.assign(m=coded.machine_stance.map(number).astype(int), t=coded.item_id.map(ref).map(number).astype(int))


def _check_labels(values: pd.Series, where: str) -> None:
    bad = sorted(set(values.astype(str)) - set(STANCE_LABELS))
    if bad:
        raise InputError(f"{where}: stance {bad[0][:40]!r} is not one of {', '.join(STANCE_LABELS)}")


def _confusion(m: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Counts, machine label rows x coders' label columns."""
    return np.bincount(m * _K + t, minlength=_K * _K).reshape(_K, _K)


def _macro_f1(confusion: np.ndarray) -> float:
    """Mean F1 over the labels that occur in either the machine's or the coders' labels; a
    label one side never uses (the coders' "not about the target" for sentences) scores 0."""
    tp = np.diag(confusion).astype(float)
    predicted, actual = confusion.sum(axis=1), confusion.sum(axis=0)
    present = (predicted + actual) > 0
    if not present.any():
        return float("nan")
    return float((2 * tp[present] / (predicted[present] + actual[present])).mean())


def machine_scores(key: pd.DataFrame, ref: pd.Series) -> dict[str, object]:
    """The machine's stance against the coders' reference, on the key's items that have one:
    n; accuracy, macro_f1 (see _macro_f1) and alpha (machine and reference as two coders), each
    with _low and _high (one bootstrap over items for all three); f1 per label; n_left_out (key
    items without a reference); confusion (DataFrame, rows machine label, columns coders' label)."""
    coded = _coded(key, ref)
    m, t = coded.m.to_numpy(), coded.t.to_numpy()

    def scores(idx: np.ndarray) -> tuple[float, float, float]:
        if not idx.size:
            return (float("nan"),) * 3
        return (float((m[idx] == t[idx]).mean()), _macro_f1(_confusion(m[idx], t[idx])), _alpha(np.vstack([m[idx], t[idx]]).astype(float)))

    point = scores(np.arange(len(coded)))
    intervals = _intervals(scores, len(coded))
    confusion = _confusion(m, t)
    result: dict[str, object] = {"n": len(coded), "n_left_out": int(len(key) - len(coded))}
    for name, value, (low, high) in zip(("accuracy", "macro_f1", "alpha"), point, intervals):
        result |= {name: value, f"{name}_low": low, f"{name}_high": high}
    tp = np.diag(confusion)
    denominator = confusion.sum(axis=1) + confusion.sum(axis=0)
    result["f1"] = {label: float(2 * tp[i] / denominator[i]) for i, label in enumerate(STANCE_LABELS) if denominator[i]}
    labels = pd.Index(STANCE_LABELS)
    result["confusion"] = pd.DataFrame(confusion, index=labels.rename("machine"), columns=labels.rename("coders"))
    return result


# --------------------------------------------------------------------------- calibration


def _weighted_counts(multiplicity: np.ndarray, coded: pd.DataFrame, mask: np.ndarray) -> np.ndarray:
    """Weighted counts machine x coders' label of the items in `mask`, per row of
    `multiplicity` (how often each item is drawn: ones for the estimate, then resamples)."""
    cells = np.zeros((int(mask.sum()), _K * _K))
    cells[np.arange(cells.shape[0]), (coded.m * _K + coded.t).to_numpy()[mask]] = coded.weight.to_numpy(dtype=float)[mask]
    return (multiplicity[:, mask] @ cells).reshape(-1, _K, _K)


def _conditional(counts: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Rows of weighted counts as P(coders' label | machine label); an empty row takes `fallback`'s."""
    totals = counts.sum(axis=-1, keepdims=True)
    return np.where(totals > 0, counts / np.where(totals > 0, totals, 1.0), fallback)


def calibration(key: pd.DataFrame, ref: pd.Series, kind: str | None = None) -> pd.DataFrame:
    """P(coders' label | machine label) from the coded items (of one `kind` if given), each
    weighted by its `weight`. Rows: machine labels (STANCE_LABELS); columns: STANCE_LABELS, then
    n (coded items in the row, unweighted) and calibrated (False for a row without coded items,
    which is the identity: that label is left as the machine gave it)."""
    coded = _coded(key, ref)
    if kind is not None:
        coded = coded[coded.kind == kind].reset_index(drop=True)
    counts = _weighted_counts(np.ones((1, len(coded))), coded, np.ones(len(coded), dtype=bool))[0]
    frame = pd.DataFrame(_conditional(counts, np.eye(_K)), index=pd.Index(STANCE_LABELS, name="machine"), columns=list(STANCE_LABELS))
    frame["n"] = np.bincount(coded.m, minlength=_K)
    frame["calibrated"] = frame.n > 0
    return frame


def _resampled_items(coded: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """(1 + BOOTSTRAP) x items: ones, then how often each item is drawn when the coded items
    are resampled within kind x machine label (so every calibration row keeps its size)."""
    multiplicity = np.ones((1 + BOOTSTRAP, len(coded)))
    for _, cell in coded.groupby(["kind", "m"], sort=True).groups.items():
        positions = np.asarray(cell)
        multiplicity[1:, positions] = rng.multinomial(len(positions), np.full(len(positions), 1 / len(positions)), size=BOOTSTRAP)
    return multiplicity


SHARE_COLUMNS = (
    "label",
    "n_units",
    "raw_share",
    "raw_low",
    "raw_high",
    "corrected_share",
    "corrected_low",
    "corrected_high",
    "calibration",
    "uncalibrated",
)


def corrected_shares(
    units: pd.DataFrame, key: pd.DataFrame, ref: pd.Series, by: str | None = "group", *, within: bool = True
) -> pd.DataFrame:
    """Raw and corrected stance shares per value of `by` (group, outlet, speaker: quotes only;
    None: the whole corpus, in a column "all"), long: one row per value and label with n_units,
    raw_share, raw_low, raw_high (the machine's shares; 0 for a label it never gave),
    corrected_share, corrected_low, corrected_high (the four labels; they sum to 1),
    calibration (per kind of unit present, joined by " + ": "own quote" / "own sentence" for a
    calibration on this value's own coded items, "quote" / "sentence" for one on all coded items
    of that kind, "pooled" for one on all coded items), and uncalibrated (machine labels given
    to these units that no coded item has, left as they are; "" when none). A calibration row
    without coded items takes the row of the next broader set (own -> kind -> pooled)."""
    if by is not None and by not in BY:
        raise InputError(f"corrected shares by {by!r}: choose one of {', '.join(BY)} or none")
    _check_labels(units.machine_stance, "units")
    if by == "speaker":
        units = units[units.kind == "quote"]
    column = by or "all"
    units = units.assign(**{column: units[by].astype(str) if by else "all"})
    coded = _coded(key, ref)
    if coded.empty:
        raise InputError("no coded item has a coders' label (all blank or tied): cannot correct the shares")
    coded = coded.assign(**{column: coded[by].astype(str) if by else "all"})

    rng = np.random.default_rng(SEED)
    multiplicity = _resampled_items(coded, rng)
    pooled = _conditional(_weighted_counts(multiplicity, coded, np.ones(len(coded), dtype=bool)), np.eye(_K))
    shared = {"pooled": pooled}
    for kind in sorted(set(coded.kind)):
        mask = (coded.kind == kind).to_numpy()
        if mask.sum() >= MIN_PER_KIND:
            shared[kind] = _conditional(_weighted_counts(multiplicity, coded, mask), pooled)

    kinds, values = sorted(set(units.kind)), sorted(set(units[column]))
    never_coded = np.bincount(coded.m, minlength=_K) == 0
    # units per value x kind x machine label
    cells = units.groupby([column, "kind", "machine_stance"]).size().unstack(fill_value=0).reindex(columns=STANCE_LABELS, fill_value=0)
    cells = cells.reindex(pd.MultiIndex.from_product([values, kinds]), fill_value=0).to_numpy(float).reshape(len(values), len(kinds), _K)
    coded_kind, coded_value = coded.kind.to_numpy(), coded[column].to_numpy()
    rows = []
    for value, counts in zip(values, cells):
        n = int(counts.sum())
        # the units' own shares, then BOOTSTRAP redraws of as many units (kinds x machine labels)
        drawn = np.concatenate([counts[None], rng.multinomial(n, counts.ravel() / n, size=BOOTSTRAP).reshape(-1, len(kinds), _K)]) / n
        corrected, used = np.zeros((1 + BOOTSTRAP, _K)), []
        for k, kind in enumerate(kinds):
            if not counts[k].any():
                continue
            name = kind if kind in shared else "pooled"
            matrix = shared[name]
            mask = (coded_kind == kind) & (coded_value == value)
            if within and by is not None and mask.sum() >= MIN_PER_KIND:
                name, matrix = f"own {kind}", _conditional(_weighted_counts(multiplicity, coded, mask), matrix)
            corrected += np.einsum("bj,bjc->bc", drawn[:, k], matrix)
            used.append(name)
        raw = drawn.sum(axis=1)
        (raw_low, raw_high), (low, high) = np.percentile(raw[1:], [2.5, 97.5], axis=0), np.percentile(corrected[1:], [2.5, 97.5], axis=0)
        calibrated_by = " + ".join(dict.fromkeys(used))
        uncalibrated = ", ".join(label for j, label in enumerate(STANCE_LABELS) if never_coded[j] and counts[:, j].any())
        for j, label in enumerate(STANCE_LABELS):
            rows.append(
                (value, label, n, raw[0, j], raw_low[j], raw_high[j], corrected[0, j], low[j], high[j], calibrated_by, uncalibrated)
            )
    return pd.DataFrame(rows, columns=[column, *SHARE_COLUMNS])
