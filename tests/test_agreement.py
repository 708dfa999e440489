"""Agreement with coders and corrected shares: hand-worked figures, a scripted-coder
simulation whose true answers are known, and the edge cases."""

from __future__ import annotations

import itertools
import math

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from analysis import agreement
from analysis.agreement import (
    STANCE_LABELS,
    alpha,
    calibration,
    coder_agreement,
    corrected_shares,
    machine_scores,
    reference,
    speaker_accuracy,
)
from analysis.errors import InputError
from analysis.evaluate import classification_scores

F, A, N, OFF = STANCE_LABELS  # favor, against, neutral, not about the target


def long_codes(rows: dict[str, tuple[str, ...]], coders: tuple[str, ...] = ("ann", "ben", "cem")) -> pd.DataFrame:
    """{item_id: (label of coder 1, coder 2, ...)} as the long table of codes ("" = blank)."""
    return pd.DataFrame(
        [
            {"item_id": item, "coder": coder, "stance": label, "speaker_correct": "", "frame": ""}
            for item, labels in rows.items()
            for coder, label in zip(coders, labels)
        ]
    )


# --------------------------------------------------------------------------- alpha by hand

# Three coders, ten items; "" is a blank (item 4 and 9 were coded by two coders only).
HAND = {
    "i01": (F, F, F),
    "i02": (F, F, A),
    "i03": (A, A, A),
    "i04": (A, A, ""),
    "i05": (N, N, N),
    "i06": (N, A, N),
    "i07": (F, F, F),
    "i08": (A, A, A),
    "i09": (N, N, ""),
    "i10": (F, N, A),
}
# Coincidence matrix: each item with m values adds, for every ordered pair of values from two
# different coders, 1 / (m - 1) to cell (value 1, value 2).
#   i01, i07 (f f f): 6 pairs f-f / 2 -> o_ff += 3 each          i03, i08 (a a a): o_aa += 3 each
#   i05 (n n n): o_nn += 3          i04 (a a): 2 pairs / 1 -> o_aa += 2     i09 (n n): o_nn += 2
#   i02 (f f a): f-f 2, f-a 2, a-f 2, / 2 -> o_ff += 1, o_fa = o_af += 1
#   i06 (n a n): o_nn += 1, o_na = o_an += 1
#   i10 (f n a): each of the 6 off-diagonal pairs once / 2 -> += 0.5
# o_ff = 7, o_aa = 8, o_nn = 6; o_fa = o_af = 1.5, o_na = o_an = 1.5, o_fn = o_nf = 0.5.
# Marginals n_f = 9, n_a = 11, n_n = 8; n = 28 pairable values.
# Nominal alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k
#               = 1 - 27 * 7 / (28^2 - (81 + 121 + 64)) = 1 - 189 / 518 = 47 / 74.
HAND_ALPHA = 47 / 74
# Percent agreement: agreeing ordered pairs of coders / all pairs, over the ten items:
# five unanimous triples 5 * 6, i02 and i06 2 of 6 each, i10 0 of 6, i04 and i09 2 of 2 each
# -> (30 + 4 + 0 + 4) / (8 * 6 + 2 * 2) = 38 / 52.
HAND_AGREEMENT = 38 / 52


def test_alpha_matches_the_hand_worked_coincidence_matrix():
    codes = long_codes(HAND)
    assert alpha(codes) == pytest.approx(HAND_ALPHA, abs=1e-9)
    number = {F: 0, A: 1, N: 2}
    matrix = np.array([[number.get(labels[c], np.nan) for labels in HAND.values()] for c in range(3)], dtype=float)
    assert krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal") == pytest.approx(HAND_ALPHA, abs=1e-9)
    row = coder_agreement(codes, fields=("stance",)).iloc[0]
    assert (row.n_items, row.n_coders) == (10, 3)
    assert row.alpha == pytest.approx(HAND_ALPHA, abs=1e-9)
    assert row.agreement == pytest.approx(HAND_AGREEMENT, abs=1e-12)
    assert row.alpha_low < HAND_ALPHA < row.alpha_high


def test_alpha_does_not_depend_on_row_order_or_label_names():
    codes = long_codes(HAND)
    shuffled = codes.sample(frac=1.0, random_state=3)
    renamed = codes.assign(stance=codes.stance.map({F: "zz", A: "aa", N: "mm", "": ""}))
    assert alpha(shuffled) == alpha(codes) == pytest.approx(alpha(renamed), abs=1e-12)


def test_perfect_agreement_is_one():
    codes = long_codes({"i1": (F, F), "i2": (A, A), "i3": (N, ""), "i4": (OFF, OFF), "i5": (F, F)}, coders=("ann", "ben"))
    assert alpha(codes) == 1.0
    row = coder_agreement(codes, fields=("stance",)).iloc[0]
    assert (row.alpha, row.agreement, row.n_items) == (1.0, 1.0, 4)


def direct_alpha(matrix: np.ndarray) -> float:
    """Nominal alpha straight from the coincidence-matrix formula (Krippendorff 2011)."""
    values = sorted(set(matrix[~np.isnan(matrix)].tolist()))
    o = np.zeros((len(values), len(values)))
    for column in matrix.T:
        coded = [values.index(v) for v in column if not np.isnan(v)]
        if len(coded) < 2:
            continue
        for i, j in itertools.permutations(range(len(coded)), 2):
            o[coded[i], coded[j]] += 1 / (len(coded) - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    return 1 - (n - 1) * (o.sum() - np.trace(o)) / (n**2 - (n_c**2).sum())


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_alpha_agrees_with_the_formula_on_random_data(seed):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 4, size=40)
    rows = {}
    for k, t in enumerate(truth):
        labels = [STANCE_LABELS[t] if rng.random() < 0.7 else STANCE_LABELS[rng.integers(0, 4)] for _ in range(4)]
        rows[f"i{k:02d}"] = tuple("" if rng.random() < 0.2 else label for label in labels)
    codes = long_codes(rows, coders=("a", "b", "c", "d"))
    number = {label: float(i) for i, label in enumerate(STANCE_LABELS)}
    matrix = np.array([[number.get(labels[c], np.nan) for labels in rows.values()] for c in range(4)])
    assert alpha(codes) == pytest.approx(direct_alpha(matrix), abs=1e-9)


# --------------------------------------------------------------------------- reference and edge cases


def test_reference_is_the_majority_and_lists_ties_and_blank_items():
    codes = long_codes({"i1": (F, F, A), "i2": (A, N, ""), "i3": ("", "", ""), "i4": (OFF, "", ""), "i5": (N, A, F)})
    ref = reference(codes)
    assert ref.to_dict() == {"i1": F, "i4": OFF}
    assert ref.attrs == {"tied": ["i2", "i5"], "uncoded": ["i3"]}


def test_one_coder_has_no_alpha_and_is_the_reference():
    codes = long_codes({"i1": (F,), "i2": (A,), "i3": ("",)}, coders=("ann",))
    assert math.isnan(alpha(codes))
    row = coder_agreement(codes).set_index("field").loc["stance"]
    assert row.n_coders == 1 and row.n_items == 0 and math.isnan(row.alpha) and math.isnan(row.alpha_low)
    assert reference(codes).to_dict() == {"i1": F, "i2": A}


def test_alpha_is_nan_when_no_item_is_coded_twice():
    codes = long_codes({"i1": (F, ""), "i2": ("", A)}, coders=("ann", "ben"))
    assert math.isnan(alpha(codes))


def test_an_item_coded_twice_by_one_coder_is_refused():
    codes = pd.concat([long_codes({"i1": (F, A)}, coders=("ann", "ben"))] * 2)
    with pytest.raises(InputError, match="coded twice"):
        alpha(codes)


def test_agreement_per_field_ignores_blanks():
    codes = long_codes({"i1": (F, F), "i2": (A, A), "i3": (N, A)}, coders=("ann", "ben"))
    codes["speaker_correct"] = ["yes", "yes", "no", "yes", "", ""]
    table = coder_agreement(codes).set_index("field")
    assert list(table.index) == ["stance", "speaker_correct", "frame"]
    assert table.loc["speaker_correct", "n_items"] == 2 and table.loc["speaker_correct", "agreement"] == 0.5
    assert table.loc["frame", "n_items"] == 0 and math.isnan(table.loc["frame", "alpha"])


def test_speaker_accuracy_counts_quotes_only():
    codes = long_codes({f"i{k}": (F, F) for k in range(6)}, coders=("ann", "ben"))
    codes["speaker_correct"] = ["yes", "yes", "yes", "yes", "no", "no", "yes", "no", "", "", "no", "no"]
    key = pd.DataFrame({"item_id": [f"i{k}" for k in range(6)], "kind": ["quote"] * 5 + ["sentence"]})
    result = speaker_accuracy(codes, key)
    assert (result["n"], result["n_tied"], result["n_uncoded"]) == (3, 1, 1)
    assert result["accuracy"] == pytest.approx(2 / 3)
    assert result["accuracy_low"] <= 2 / 3 <= result["accuracy_high"]


# --------------------------------------------------------------------------- machine scores and calibration


def small_key(machine: list[str], **columns) -> pd.DataFrame:
    n = len(machine)
    base = {
        "item_id": [f"i{k:02d}" for k in range(n)],
        "kind": ["sentence"] * n,
        "group": ["G"] * n,
        "outlet": ["o1"] * n,
        "speaker": [""] * n,
        "machine_stance": machine,
        "weight": [1.0] * n,
    }
    return pd.DataFrame(base | columns)


def test_machine_scores_agree_with_sklearn_and_the_gold_scorer():
    rng = np.random.default_rng(11)
    truth = rng.choice(STANCE_LABELS, size=60, p=[0.4, 0.3, 0.2, 0.1])
    machine = [t if t != OFF and rng.random() < 0.7 else rng.choice([F, A, N]) for t in truth]
    key = small_key(machine)
    ref = pd.Series(truth, index=pd.Index(key.item_id, name="item_id"))
    scores = machine_scores(key, ref)
    present = [label for label in STANCE_LABELS if label in set(truth) | set(machine)]
    assert scores["n"] == 60 and scores["n_left_out"] == 0
    assert scores["accuracy"] == pytest.approx(accuracy_score(truth, machine))
    assert scores["macro_f1"] == pytest.approx(f1_score(truth, machine, labels=present, average="macro", zero_division=0))
    accuracy, macro, f1, gold_confusion = classification_scores(list(truth), machine, tuple(present))
    assert (scores["accuracy"], scores["macro_f1"]) == pytest.approx((accuracy, macro))
    assert scores["f1"][OFF] == 0.0 and scores["f1"] == pytest.approx(f1)
    expected = confusion_matrix(truth, machine, labels=list(STANCE_LABELS)).T  # sklearn: rows true
    assert (scores["confusion"].to_numpy() == expected).all()
    assert (scores["confusion"].loc[present, present].to_numpy() == gold_confusion.to_numpy().T).all()
    number = {label: i for i, label in enumerate(STANCE_LABELS)}
    pair = np.array([[number[m] for m in machine], [number[t] for t in truth]], dtype=float)
    assert scores["alpha"] == pytest.approx(krippendorff.alpha(reliability_data=pair, level_of_measurement="nominal"), abs=1e-12)
    for name in ("accuracy", "macro_f1", "alpha"):
        assert scores[f"{name}_low"] <= scores[name] <= scores[f"{name}_high"]


def test_machine_scores_leave_out_items_without_reference():
    key = small_key([F, A, N])
    scores = machine_scores(key, pd.Series({"i00": F, "i02": OFF}))
    assert (scores["n"], scores["n_left_out"], scores["accuracy"]) == (2, 1, 0.5)
    # labels present: favor (F1 1), neutral (machine only, 0), off target (coders only, 0); not against
    assert scores["macro_f1"] == pytest.approx(1 / 3)


def test_calibration_is_weighted_and_an_empty_row_is_the_identity():
    # favor row: favor (w 1), favor (w 1), against (w 2) -> 2/4 favor, 2/4 against, n 3
    # neutral row: neutral (w 3), off target (w 1) -> 3/4, 1/4; against row: no item
    key = small_key([F, F, F, N, N], weight=[1.0, 1.0, 2.0, 3.0, 1.0])
    ref = pd.Series([F, F, A, N, OFF], index=key.item_id)
    table = calibration(key, ref)
    assert table.loc[F, [F, A, N, OFF]].tolist() == [0.5, 0.5, 0.0, 0.0]
    assert table.loc[N, [F, A, N, OFF]].tolist() == [0.0, 0.0, 0.75, 0.25]
    assert table.loc[A, [F, A, N, OFF]].tolist() == [0.0, 1.0, 0.0, 0.0]
    assert table.n.tolist() == [3, 0, 2, 0] and table.calibrated.tolist() == [True, False, True, False]
    assert calibration(key, ref, kind="quote").n.sum() == 0


def hand_sample():
    """Units of two groups, and five coded sentences whose calibration is the one above."""
    units = pd.DataFrame(
        {
            "kind": ["sentence"] * 14 + ["quote"] * 2,
            "group": ["X"] * 10 + ["Y"] * 6,
            "outlet": ["o1"] * 16,
            "speaker": [""] * 14 + ["Ann Lee", "Ann Lee"],
            "machine_stance": [F] * 6 + [N] * 4 + [A] * 4 + [F, F],
        }
    )
    key = small_key([F, F, F, N, N], weight=[1.0, 1.0, 2.0, 3.0, 1.0])
    return units, key, pd.Series([F, F, A, N, OFF], index=key.item_id)


def test_corrected_shares_apply_the_calibration_by_hand():
    units, key, ref = hand_sample()
    table = corrected_shares(units, key, ref).set_index(["group", "label"])
    # X: raw favor 0.6, neutral 0.4 -> favor 0.6 * 0.5, against 0.6 * 0.5, neutral 0.4 * 0.75, off 0.4 * 0.25
    assert table.loc["X", "raw_share"].tolist() == pytest.approx([0.6, 0.0, 0.4, 0.0])
    assert table.loc["X", "corrected_share"].tolist() == pytest.approx([0.3, 0.3, 0.3, 0.1])
    assert set(table.calibration) == {"pooled"}  # five coded items: fewer than MIN_PER_KIND
    assert table.loc[("X", F), "uncalibrated"] == "" and table.loc[("Y", F), "uncalibrated"] == "against"
    # Y: 4 against (no coded item: left as is) and 2 favor quotes (calibrated on the pooled sentences)
    assert table.loc["Y", "corrected_share"].tolist() == pytest.approx([1 / 6, 1 / 6 + 4 / 6, 0.0, 0.0])
    for _, rows in table.groupby(level="group"):
        assert rows.raw_share.sum() == pytest.approx(1.0) and rows.corrected_share.sum() == pytest.approx(1.0)
        assert (rows.corrected_low <= rows.corrected_share + 1e-12).all() and (rows.corrected_share <= rows.corrected_high + 1e-12).all()


def test_corrected_shares_by_speaker_and_for_the_whole_corpus():
    units, key, ref = hand_sample()
    speakers = corrected_shares(units, key, ref, by="speaker")
    assert set(speakers.speaker) == {"Ann Lee"} and set(speakers.n_units) == {2}
    nobody = corrected_shares(units[units.kind == "sentence"], key, ref, by="speaker")
    assert nobody.empty and list(nobody.columns[:3]) == ["speaker", "label", "n_units"]
    whole = corrected_shares(units, key, ref, by=None)
    assert whole.columns[0] == "all" and set(whole["all"]) == {"all"} and set(whole.n_units) == {16}


def test_calibration_level_follows_the_number_of_coded_items(monkeypatch):
    units, key, ref = hand_sample()
    monkeypatch.setattr(agreement, "MIN_PER_KIND", 5)  # the five coded sentences (all of group G) suffice per kind
    table = corrected_shares(units, key, ref).set_index("group")
    assert table.loc["X", "calibration"].iloc[0] == "sentence"
    assert table.loc["Y", "calibration"].iloc[0] == "pooled + sentence"  # its quotes fall back on all coded items
    own = corrected_shares(units.assign(group="G"), key, ref)
    assert set(own.calibration) == {"pooled + own sentence"}
    assert set(corrected_shares(units.assign(group="G"), key, ref, within=False).calibration) == {"pooled + sentence"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda u, k, r: (u.assign(machine_stance="positive"), k, r), "units: stance 'positive'"),
        (lambda u, k, r: (u, k, pd.Series(dtype=object)), "no coded item"),
        (lambda u, k, r: (u, pd.concat([k, k]), r), "listed twice"),
    ],
)
def test_bad_input_is_refused_in_one_line(change, message):
    with pytest.raises(InputError, match=message):
        corrected_shares(*change(*hand_sample()))
    with pytest.raises(InputError, match="choose one of"):
        corrected_shares(*hand_sample(), by="doc_id")


# --------------------------------------------------------------------------- scripted coders

# A population whose true labels are known: three groups that differ in stance. The machine
# labels each unit from a known P(machine | true), the same in every group; it never says
# "not about the target" (it calls those units neutral or favor). Three scripted coders each
# give the true label, or with probability CODER_ERROR another label at random.
TRUE_SHARES = {"A": (0.60, 0.15, 0.15, 0.10), "B": (0.20, 0.50, 0.20, 0.10), "C": (0.30, 0.20, 0.30, 0.20)}
GROUP_SIZE = {"A": 3000, "B": 2000, "C": 1500}
MACHINE = np.array(  # rows true label, columns machine label (STANCE_LABELS order)
    [[0.80, 0.05, 0.15, 0.0], [0.05, 0.80, 0.15, 0.0], [0.10, 0.10, 0.80, 0.0], [0.25, 0.05, 0.70, 0.0]]
)
CODER_ERROR, CODERS, SAMPLE = 0.10, 3, 400


def simulate(seed: int, *, per_group: int | None = None, sizes: dict[str, int] = GROUP_SIZE):
    """(population with its true label t, sample, key, codes): a simple random sample of SAMPLE
    units (equal weights), or `per_group` units from each group (weights N_g / n_g)."""
    rng = np.random.default_rng(seed)
    parts = []
    for group, shares in TRUE_SHARES.items():
        truth = np.repeat(np.arange(4), np.round(np.array(shares) * sizes[group]).astype(int))
        machine = np.concatenate([rng.choice(4, size=(truth == t).sum(), p=MACHINE[t]) for t in range(4)])
        parts.append(
            pd.DataFrame({"kind": "sentence", "group": group, "outlet": f"{group}-daily", "speaker": "", "t": truth, "m": machine})
        )
    population = pd.concat(parts, ignore_index=True)
    population["machine_stance"] = [STANCE_LABELS[m] for m in population.m]
    if per_group is None:
        picked = np.sort(rng.choice(len(population), SAMPLE, replace=False))
    else:
        picked = np.concatenate([np.sort(rng.choice(np.flatnonzero(population.group == g), per_group, replace=False)) for g in TRUE_SHARES])
    sample = population.iloc[picked].reset_index(drop=True)
    sample["item_id"] = [f"I{k:04d}" for k in range(len(sample))]
    sizes = population.group.value_counts()
    drawn = sample.group.value_counts()
    sample["weight"] = sample.group.map(sizes / drawn) if per_group else len(population) / SAMPLE
    codes = []
    for c in range(CODERS):
        labels = sample.t.to_numpy().copy()
        wrong = rng.random(len(labels)) < CODER_ERROR
        labels[wrong] = (labels[wrong] + rng.integers(1, 4, size=wrong.sum())) % 4  # another label, at random
        codes.append(pd.DataFrame({"item_id": sample.item_id, "coder": f"coder{c}", "stance": [STANCE_LABELS[k] for k in labels]}))
    key = sample[["item_id", "kind", "group", "outlet", "speaker", "machine_stance", "weight"]]
    return population, sample, key, pd.concat(codes, ignore_index=True).assign(speaker_correct="", frame="")


@pytest.fixture(scope="module")
def scripted():
    population, sample, key, codes = simulate(2024)
    ref = reference(codes)
    units = population[["kind", "group", "outlet", "speaker", "machine_stance"]]
    return population, sample, key, codes, ref, units


def reference_given_truth() -> tuple[np.ndarray, np.ndarray]:
    """P(reference = l | true t) and P(reference defined | t) for the scripted coders, by
    enumerating every combination of their labels (a tie leaves the item out)."""
    given = np.zeros((4, 4))
    for t in range(4):
        p = np.where(np.arange(4) == t, 1 - CODER_ERROR, CODER_ERROR / 3)
        for labels in itertools.product(range(4), repeat=CODERS):
            counts = np.bincount(labels, minlength=4)
            if (counts == counts.max()).sum() == 1:
                given[t, counts.argmax()] += np.prod(p[list(labels)])
    return given, given.sum(axis=1)


def test_scripted_coders_alpha_is_what_their_error_rate_implies(scripted):
    _, sample, _, codes, _, _ = scripted
    # Two coders agree when both are right, or both wrong with the same one of 3 other labels:
    # D_o = 1 - (1 - e)^2 - e^2 / 3. Each coder's labels are distributed as q = (1 - e) pi +
    # e (1 - pi) / 3 (pi: the items' true shares), so D_e = 1 - sum q^2; alpha = 1 - D_o / D_e.
    e = CODER_ERROR
    pi = np.bincount(sample.t, minlength=4) / len(sample)
    q = (1 - e) * pi + e * (1 - pi) / 3
    expected = 1 - (1 - (1 - e) ** 2 - e**2 / 3) / (1 - (q**2).sum())
    row = coder_agreement(codes, fields=("stance",)).iloc[0]
    assert row.n_items == SAMPLE and row.n_coders == CODERS
    # over 100 simulated populations (seeds 3000-3099) the interval held `expected` in 97
    assert row.alpha_low <= expected <= row.alpha_high
    assert row.alpha_high - row.alpha_low < 0.12
    assert row.agreement == pytest.approx((1 - e) ** 2 + e**2 / 3, abs=0.03)


def test_scripted_machine_accuracy_is_what_the_known_rates_imply(scripted):
    _, sample, key, _, ref, _ = scripted
    given, defined = reference_given_truth()
    pi = np.bincount(sample.t, minlength=4) / len(sample)
    implied = (pi[:, None] * MACHINE * given).sum() / (pi * defined).sum()
    scores = machine_scores(key, ref)
    assert scores["n"] == len(ref) == SAMPLE - len(ref.attrs["tied"])
    # over 100 simulated populations (seeds 3000-3099) the interval held `implied` in 97
    assert scores["accuracy_low"] <= implied <= scores["accuracy_high"]
    assert scores["accuracy_high"] - scores["accuracy_low"] < 0.12
    assert scores["confusion"].loc[OFF].sum() == 0 and scores["f1"][OFF] == 0.0


def true_shares(population: pd.DataFrame, column: str) -> pd.Series:
    """The population's true share of each label per value of `column`, indexed (value, label)."""
    shares = population.assign(label=[STANCE_LABELS[t] for t in population.t]).groupby(column).label.value_counts(normalize=True)
    full = pd.MultiIndex.from_product([sorted(set(population[column])), STANCE_LABELS])
    return shares.reindex(full, fill_value=0.0)


def covered(table: pd.DataFrame, truth: pd.Series, prefix: str) -> pd.Series:
    values = truth.loc[list(zip(table.iloc[:, 0], table.label))].to_numpy()
    return pd.Series((table[f"{prefix}_low"].to_numpy() <= values) & (values <= table[f"{prefix}_high"].to_numpy()))


def test_corrected_shares_recover_the_true_shares_and_raw_ones_do_not(scripted):
    population, _, key, _, ref, units = scripted
    table = corrected_shares(units, key, ref)
    truth = true_shares(population, "group")
    assert set(table.calibration) == {"own sentence"}  # each group has 90-190 coded items
    # 95% intervals: over 200 simulated populations (seeds 3000-3199), 96.2% of these 12
    # intervals held the truth and 198 runs missed at most 2 of 12: the tolerance is 2 misses.
    assert covered(table, truth, "corrected").sum() >= 10
    # The raw machine shares miss the truth by more than their interval for most labels
    # (the machine never says "not about the target", and calls many such units neutral);
    # 9 or more of 12 in each of those 200 runs, and the corrected shares' mean absolute
    # error was at most 0.46 times the raw shares' (0.25 on average).
    assert (~covered(table, truth, "raw")).sum() >= 8
    errors = table.assign(truth=truth.loc[list(zip(table.group, table.label))].to_numpy())
    assert (errors.corrected_share - errors.truth).abs().mean() < 0.5 * (errors.raw_share - errors.truth).abs().mean()


def test_a_calibration_shared_across_groups_is_biased_when_groups_differ(scripted):
    """The assumption behind within=False: P(true | machine) is the same in every group. Here
    P(machine | true) is, but the groups' true shares differ, so the shared calibration pulls
    every group toward the pooled shares (A's favor share is underestimated, B's overestimated)."""
    population, _, key, _, ref, units = scripted
    table = corrected_shares(units, key, ref, within=False).set_index(["group", "label"])
    truth = true_shares(population, "group")
    assert set(table.calibration) == {"sentence"}
    assert table.loc[("A", F), "corrected_high"] < truth[("A", F)]
    assert table.loc[("B", F), "corrected_low"] > truth[("B", F)]
    assert (~covered(table.reset_index(), truth, "corrected")).sum() >= 5  # 5 to 10 of 12 in the 200 runs


def test_corrected_shares_of_the_whole_corpus_need_the_weights():
    """An equal number of coded items from very unequal groups over-represents the small ones;
    weighting each item by N_g / n_g recovers the corpus's shares, and leaving the weights out
    underestimates the favor share (the large group A is the one mostly in favor)."""
    population, _, key, codes = simulate(77, per_group=150, sizes={"A": 5000, "B": 1000, "C": 500})
    ref = reference(codes)
    units = population[["kind", "group", "outlet", "speaker", "machine_stance"]]
    truth = true_shares(population.assign(all="all"), "all")
    weighted = corrected_shares(units, key, ref, by=None)
    unweighted = corrected_shares(units, key.assign(weight=1.0), ref, by=None)
    # Over 100 simulated populations the four weighted intervals all held the truth in 86
    # runs and missed one at most in 97; the unweighted favor interval lay below it in all 100.
    assert (~covered(weighted, truth, "corrected")).sum() <= 1
    assert unweighted.corrected_high.iloc[0] < truth[("all", F)]
    error = lambda table: np.abs(table.corrected_share.to_numpy() - truth.to_numpy()).sum()  # noqa: E731
    assert error(weighted) < error(unweighted)


def test_everything_is_deterministic(scripted):
    _, _, key, codes, ref, units = scripted
    assert corrected_shares(units, key, ref).to_csv() == corrected_shares(units, key, ref).to_csv()
    first, second = machine_scores(key, ref), machine_scores(key, ref)
    assert first.pop("confusion").equals(second.pop("confusion")) and first == second
    assert coder_agreement(codes).to_csv() == coder_agreement(codes.iloc[::-1]).to_csv()


def test_frame_agreement_counts_the_coders_frame_among_the_machines():
    from analysis.agreement import frame_agreement

    key = pd.DataFrame(
        {
            "item_id": ["a", "b", "c", "q"],
            "kind": ["sentence", "sentence", "sentence", "quote"],
            "machine_frames": ["Economic; Political", "Morality", "", ""],
        }
    )
    codes = pd.DataFrame(
        {
            "item_id": ["a", "b", "c", "q"],
            "coder": "x",
            "stance": "",
            "speaker_correct": "",
            "frame": ["Political", "Economic", "", "Morality"],
        }
    )
    result = frame_agreement(codes, key)
    assert (result["n"], result["accuracy"]) == (2, 0.5)  # c is uncoded, q is a quote
