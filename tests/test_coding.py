"""Manual coding: the stratified sample, the sheets, and reading filled sheets back."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.coding import (
    CODED,
    KEY,
    SHEET,
    SHEET_XLSX,
    STANCE_LABELS,
    allocate,
    draw_sample,
    population,
    read_codes,
    read_sample,
    read_sheet,
    write_sample,
)
from analysis.errors import InputError
from analysis.stance import OFF_TARGET


def test_allocation_is_proportional_by_largest_remainders():
    sizes = pd.Series([50, 30, 20], index=["a", "b", "c"])
    assert allocate(sizes, 10).tolist() == [5, 3, 2]
    assert allocate(sizes, 7).tolist() == [4, 2, 1]  # 3.5, 2.1, 1.4: the largest remainder (a) gets the extra
    assert allocate(sizes, 500).tolist() == [50, 30, 20]  # more than there is: all of it
    assert allocate(pd.Series([1, 1, 1]), 2).sum() == 2


def test_population_is_the_units_the_figures_count(seed_tables):
    units = population(seed_tables)
    quotes = units[units.kind == "quote"]
    assert len(quotes) == len(seed_tables["quotes"])
    assert set(units.machine_stance) <= set(STANCE_LABELS)
    sentences = units[units.kind == "sentence"]
    assert len(sentences) > 0 and OFF_TARGET not in set(sentences.machine_stance)
    assert units.group.notna().all() and units.outlet.notna().all()


def test_sample_is_seeded_stratified_and_blind(seed_tables):
    one = draw_sample(seed_tables, target="IBM", quotes=20, sentences=10, seed=3)
    again = draw_sample(seed_tables, target="IBM", quotes=20, sentences=10, seed=3)
    other = draw_sample(seed_tables, target="IBM", quotes=20, sentences=10, seed=4)
    pd.testing.assert_frame_equal(one.key, again.key)
    assert one.info["sample_id"] == again.info["sample_id"] != other.info["sample_id"]
    assert (one.key.kind == "quote").sum() == 20 and (one.key.kind == "sentence").sum() == 10
    # proportional: each group's share of the sampled quotes is within one item of its share of all quotes
    units = population(seed_tables)
    quotes = units[units.kind == "quote"]
    for group, n in one.key[one.key.kind == "quote"].group.value_counts().items():
        assert abs(n - 20 * (quotes.group == group).mean()) <= 1 + quotes.outlet[quotes.group == group].nunique()
    # weights: stratum size over items drawn from it
    assert ((one.key.weight - one.key.stratum_size.astype(float) / one.key.stratum_drawn.astype(float)).abs() < 1e-12).all()
    # the sheet keeps the machine's codes, the outlet and the group out
    assert not {"machine_stance", "machine_frames", "outlet", "group", "weight"} & set(one.sheet.columns)
    assert (one.sheet[["coder", "speaker_correct", "stance", "frame", "note"]] == "").all().all()
    assert (one.sheet.speaker_found[one.sheet.kind == "sentence"] == "").all()
    row = one.sheet.iloc[0]
    assert row.text in row.context or row.kind == "quote"


def _fill(sheet: pd.DataFrame, coder: str, stance: str = "neutral") -> pd.DataFrame:
    return sheet.assign(coder=coder, stance=stance, speaker_correct=["yes" if k == "quote" else "" for k in sheet.kind])


def test_write_and_read_back(tmp_path, seed_tables):
    sample = draw_sample(seed_tables, target="IBM", quotes=8, sentences=4, seed=1)
    written = write_sample(sample, tmp_path / "s")
    assert {SHEET, SHEET_XLSX, KEY} <= set(written)
    folder = read_sample(tmp_path / "s")
    assert (tmp_path / "s" / CODED).is_dir()
    sheet = pd.read_csv(tmp_path / "s" / SHEET, dtype=str, keep_default_na=False)
    _fill(sheet, "Ana").to_csv(tmp_path / "s" / CODED / "ana.csv", index=False)
    # a workbook filled in a spreadsheet program reads back the same
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "s" / SHEET_XLSX)
    items = book["items"]
    header = [c.value for c in items[1]]
    assert "guide" in book.sheetnames and items.data_validations.dataValidation
    for r in range(2, items.max_row + 1):
        items.cell(row=r, column=header.index("stance") + 1, value="Favor")
        items.cell(row=r, column=header.index("coder") + 1, value="Ben")
    book.save(tmp_path / "s" / CODED / "ben.xlsx")
    codes = read_codes(sorted((tmp_path / "s" / CODED).iterdir()), folder)
    assert sorted(codes.coder.unique()) == ["Ana", "Ben"]
    assert set(codes[codes.coder == "Ben"].stance) == {"favor"}  # case does not matter
    assert len(codes) == 2 * len(sample.key)


def test_bad_sheets_are_refused_with_one_line(tmp_path, seed_tables):
    sample = draw_sample(seed_tables, target="IBM", quotes=6, sentences=3, seed=1)
    write_sample(sample, tmp_path / "s")
    folder = read_sample(tmp_path / "s")
    sheet = _fill(pd.read_csv(tmp_path / "s" / SHEET, dtype=str, keep_default_na=False), "Ana")
    cases = {
        "missing": (sheet.iloc[1:], "item(s) of the sample missing"),
        "twice": (pd.concat([sheet, sheet.iloc[:1]]), "listed twice"),
        "other": (sheet.assign(sample_id="abc"), "sheet of another sample"),
        "value": (sheet.assign(stance=["maybe"] + ["neutral"] * (len(sheet) - 1)), "row 2: stance 'maybe' is not one of"),
        "coders": (sheet.assign(coder=["Ana", "Ben"] * (len(sheet) // 2) + ["Ana"] * (len(sheet) % 2)), "one coder per sheet"),
        "extra": (pd.concat([sheet, sheet.iloc[:1].assign(item_id="I999")]), "not in the sample"),
    }
    for name, (frame, why) in cases.items():
        path = tmp_path / f"{name}.csv"
        frame.to_csv(path, index=False)
        with pytest.raises(InputError, match=re.escape(why)):
            read_sheet(path, folder)
    sheet.to_csv(tmp_path / "a.csv", index=False)
    sheet.to_csv(tmp_path / "b.csv", index=False)
    with pytest.raises(InputError, match="two sheets of one coder: Ana"):
        read_codes([tmp_path / "a.csv", tmp_path / "b.csv"], folder)
    with pytest.raises(InputError, match="not a sample folder"):
        read_sample(tmp_path)


def test_formulas_in_corpus_text_are_not_formulas_in_the_sheet(tmp_path, seed_tables):
    tables = dict(seed_tables)
    quotes = tables["quotes"].copy()
    quotes.loc[0, "quote"] = '=HYPERLINK("http://example.com","x")'
    tables["quotes"] = quotes
    sample = draw_sample(tables, target="IBM", quotes=len(quotes), sentences=0, seed=1)
    write_sample(sample, tmp_path / "s")
    text = (tmp_path / "s" / SHEET).read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ',"=HYPERLINK' not in text


def test_cli_sample_and_agreement(tmp_path, capsys):
    out = tmp_path / "coding"
    assert main(["sample", "--corpus", "seeds", "--target", "IBM", "--quotes", "12", "--sentences", "6", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "drew 12 quotes and 6 sentences" in printed
    sheet = pd.read_csv(out / SHEET, dtype=str, keep_default_na=False)
    key = pd.read_csv(out / KEY, dtype=str, keep_default_na=False).set_index("item_id")
    truth = key.machine_stance.reindex(sheet.item_id).tolist()
    _fill(sheet, "Ana").assign(stance=truth).to_csv(out / CODED / "ana.csv", index=False)
    _fill(sheet, "Ben").assign(stance=truth).to_csv(out / CODED / "ben.csv", index=False)
    assert main(["agreement", str(out / CODED / "ana.csv"), str(out / CODED / "ben.csv")]) == 0
    printed = capsys.readouterr().out
    assert "accuracy 1.000" in printed  # the coders agree with the machine on every item
    assert (out / "agreement" / "confusion.csv").is_file()
    assert main(["agreement", str(out / CODED / "nothing.csv")]) == 2
    assert "sheet not found" in capsys.readouterr().err


def test_gold_set_measured_like_a_coded_sample(seed_tables):
    from analysis.coding import corrected_long, gold_evaluation
    from analysis.evaluate import read_gold
    from analysis.paths import DEVELOPMENT

    evaluation = gold_evaluation(seed_tables, read_gold(DEVELOPMENT / "quotes.csv"))
    confusion = evaluation.machine["confusion"]
    assert int(confusion.to_numpy().sum()) == evaluation.machine["n"] > 40
    assert evaluation.machine["accuracy"] == pytest.approx(np.trace(confusion.to_numpy()) / evaluation.machine["n"])
    groups = evaluation.corrected["group"]
    assert set(groups.group) == set(seed_tables["documents"].group)
    shares = groups.groupby("group").corrected_share.sum()
    assert ((shares - 1).abs() < 1e-9).all()  # the four labels share each group's units
    long = corrected_long(groups, "group")
    assert set(long.estimate) == {"raw", "corrected"} and OFF_TARGET not in set(long.label)  # a label no unit has is not drawn


def test_reports_show_corrected_figures_from_a_coded_sheet(tmp_path):
    from analysis.reports import build_reports

    out = tmp_path / "coding"
    assert main(["sample", "--quotes", "20", "--sentences", "20", "--out", str(out)]) == 0
    sheet = pd.read_csv(out / SHEET, dtype=str, keep_default_na=False)
    key = pd.read_csv(out / KEY, dtype=str, keep_default_na=False).set_index("item_id")
    rng = np.random.default_rng(5)
    truth = key.machine_stance.reindex(sheet.item_id).to_numpy().copy()
    flip = rng.random(len(truth)) < 0.25
    truth[flip] = rng.choice(STANCE_LABELS, int(flip.sum()))
    _fill(sheet, "Ana").assign(stance=truth).to_csv(out / CODED / "ana.csv", index=False)
    run = tmp_path / "run"
    build_reports(run, {"coded": str(out), "figures": str(tmp_path / "figures")}, only=("03_stance", "05_validation"), jobs=2)
    figures = {p.name for p in (tmp_path / "figures").iterdir()}
    assert {"stance_corrected_by_group.png", "validation_coded_confusion.png", "validation_coded_corrected.png"} <= figures
    validation = (run / "05_validation.reader.html").read_text(encoding="utf-8")
    assert "machine against the coders" in validation and "uncorrected" not in validation
    stance = (run / "03_stance.reader.html").read_text(encoding="utf-8")
    assert "raw -&gt; corrected" in stance or "raw -> corrected" in stance


def test_reports_say_figures_are_uncorrected_without_a_sample(tmp_path):
    from analysis.reports import build_reports

    build_reports(tmp_path / "run", {"figures": str(tmp_path / "figures")}, only=("00_summary",), jobs=1)
    assert "uncorrected" in (tmp_path / "run" / "00_summary.reader.html").read_text(encoding="utf-8")


def test_per_group_draws_as_many_from_every_group(seed_tables):
    sample = draw_sample(seed_tables, target="IBM", quotes=5, sentences=4, seed=2, per_group=True)
    units = population(seed_tables)
    for kind, n in (("quote", 5), ("sentence", 4)):
        drawn = sample.key[sample.key.kind == kind].group.value_counts()
        available = units[units.kind == kind].group.value_counts()
        assert drawn.to_dict() == {g: min(n, int(available[g])) for g in available.index}
    # a small group's items weigh less than a large group's: weights are stratum size / drawn
    assert sample.key.weight.nunique() > 1
