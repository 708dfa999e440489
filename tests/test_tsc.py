"""Target-dependent sentiment (analysis.tsc): hand-written cases, input checks, NewsMTSC dev floor."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import analysis
from analysis import tsc

ROOT = Path(analysis.__file__).resolve().parents[1]
NEWSMTSC = ROOT.parent / "shared/benchmarks/newsmtsc/train.jsonl"


def span(sentence: str, target: str) -> tuple[str, int, int]:
    start = sentence.index(target)
    return sentence, start, start + len(target)


@pytest.mark.parametrize(
    ("sentence", "target", "label"),
    [
        ("Smith was praised by colleagues for her brilliant and generous leadership.", "Smith", "pos"),
        ("Voters love Johnson, who has been a wonderful, honest and inspiring mayor.", "Johnson", "pos"),
        ("Garcia helped thousands of families and won praise for her compassion.", "Garcia", "pos"),
        ("Critics called Smith a corrupt liar who betrayed the people and should resign in disgrace.", "Smith", "neg"),
        ("Johnson was indicted on fraud charges and accused of lying to investigators.", "Johnson", "neg"),
        ("Brown was convicted of murder and sentenced to life in prison.", "Brown", "neg"),
        ("Smith said the meeting will take place on Tuesday in Washington.", "Smith", "neu"),
        ("Johnson arrived in Ohio on Monday for a scheduled visit.", "Johnson", "neu"),
        ("The report was released by Miller on Thursday.", "Miller", "neu"),
    ],
)
def test_hand_written_sentences(sentence: str, target: str, label: str) -> None:
    result = tsc.predict(*span(sentence, target))
    assert result.label == label, result
    assert -1.0 <= result.score <= 1.0
    assert result.cue and result.cue != "no cue"
    if label != "neu":
        assert (result.score > 0.3) if label == "pos" else (result.score < -0.3)


def test_predict_many_matches_predict_and_is_deterministic() -> None:
    items = [span("Brown was convicted of murder.", "Brown"), span("Lee won praise for her kindness.", "Lee")]
    assert tsc.predict_many(items) == [tsc.predict(*item) for item in items] == tsc.predict_many(items)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 2), (0, 999)])
def test_predict_rejects_span_outside_sentence(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside the sentence"):
        tsc.predict("Brown was convicted.", start, end)


def test_features_mask_the_target_and_see_its_clause() -> None:
    sentence, start, end = span("Critics say Smith lied, but Jones is honest.", "Smith")
    f = tsc.features(sentence, start, end)
    assert "w:smith" not in f and "t:smith" in f
    assert "c:lied" in f and "c:honest" not in f  # the clause stops at ", but"
    assert "l1:say" in f and "r1:lied" in f
    assert sentence[slice(*tsc.clause_span(sentence, start, end))] == "Critics say Smith lied"


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


GOOD = {
    "primary_gid": "a_1_2_3",
    "sentence_normalized": "Brown was convicted, and Lee was praised.",
    "targets": [
        {"Input.gid": "g1", "from": 0, "to": 5, "mention": "Brown", "polarity": 2.0},
        {"Input.gid": "g2", "from": 25, "to": 28, "mention": "Lee", "polarity": 6.0},
    ],
}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"bad\.jsonl:2: invalid JSON"),
        (json.dumps({"primary_gid": "x", "targets": []}), r"bad\.jsonl:2: missing key 'sentence_normalized'"),
        (json.dumps({**GOOD, "targets": [{"from": 0, "to": 5}]}), r"bad\.jsonl:2: missing key 'Input.gid'"),
        (json.dumps({**GOOD, "targets": [{**GOOD["targets"][0], "to": 500}]}), r"bad\.jsonl:2: malformed record"),
        (json.dumps({**GOOD, "targets": [{**GOOD["targets"][0], "polarity": 3.0}]}), r"bad\.jsonl:2: malformed"),
        (json.dumps([1, 2]), r"bad\.jsonl:2: malformed record"),
    ],
)
def test_read_newsmtsc_rejects_malformed_lines(tmp_path: Path, line: str, message: str) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [GOOD, line])
    with pytest.raises(ValueError, match=message) as info:
        tsc.read_newsmtsc(path)
    assert "\n" not in str(info.value)


def test_read_newsmtsc_rejects_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"missing\.jsonl: cannot read"):
        tsc.read_newsmtsc(tmp_path / "missing.jsonl")
    with pytest.raises(ValueError, match="no targets"):
        tsc.read_newsmtsc(write_jsonl(tmp_path / "empty.jsonl", [""]))


def test_read_newsmtsc_one_record_per_target(tmp_path: Path) -> None:
    unlabeled = {**GOOD, "primary_gid": "b", "targets": [{"Input.gid": "g3", "from": 25, "to": 28}]}
    records = tsc.read_newsmtsc(write_jsonl(tmp_path / "ok.jsonl", [GOOD, unlabeled]))
    assert [(r["gid"], r["start"], r["end"], r["label"]) for r in records] == [
        ("g1", 0, 5, "neg"),
        ("g2", 25, 28, "pos"),
        ("g3", 25, 28, None),
    ]
    assert records[0]["sentence"] == GOOD["sentence_normalized"] and records[0]["sentence_id"] == "a_1_2_3"


def test_write_predictions_csv(tmp_path: Path) -> None:
    second = {
        "primary_gid": "c",
        "sentence_normalized": "Smith said the meeting is on Tuesday.",
        "targets": [{"Input.gid": "g9", "from": 0, "to": 5, "mention": "Smith", "polarity": 4.0}],
    }
    out = tmp_path / "pred.csv"
    assert tsc.write_predictions(write_jsonl(tmp_path / "in.jsonl", [GOOD, second]), out) == 3
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["gid", "label"]
    assert [r[0] for r in rows[1:]] == ["g1", "g2", "g9"]
    assert {r[1] for r in rows[1:]} <= {"neg", "neu", "pos"}


def test_split_keeps_stories_and_sentences_together() -> None:
    records = [
        {"sentence_id": f"allsides_{a}_{e}_{i}_X_0_1", "sentence": s}
        for a, e, i, s in [(1, 7, 0, "s1"), (2, 7, 0, "s2"), (3, 8, 0, "s3"), (4, 9, 0, "s3"), (5, 10, 0, "s5")]
    ]
    buckets = tsc.split_buckets(records)
    assert buckets[0] == buckets[1]  # same AllSides event
    assert buckets[2] == buckets[3]  # same sentence text in two stories
    assert tsc.split_group("polusa_v1_113704059_-1_35_Northam_148_155") == "polusa_v1_113704059"


def test_macro_f1() -> None:
    assert tsc.macro_f1(["neg", "neu", "pos"], ["neg", "neu", "pos"]) == 1.0
    assert tsc.macro_f1(["neg", "neg"], ["pos", "pos"]) == 0.0


def test_model_file_records_its_source() -> None:
    data = json.loads((Path(tsc.__file__).parent / "resources" / "tsc_model.json").read_text(encoding="utf-8"))
    assert data["source"]["script"] == "scripts/train_tsc.py"
    assert data["labels"] == list(tsc.LABELS) and len(data["intercepts"]) == 3
    assert set(data["feature_groups"]) <= set(tsc.GROUPS)


@pytest.mark.skipif(not NEWSMTSC.exists(), reason="NewsMTSC train.jsonl not present")
def test_newsmtsc_dev_macro_f1_floor() -> None:
    records = tsc.read_newsmtsc(NEWSMTSC)
    dev = [r for r, d in zip(records, tsc.dev_mask(records)) if d]
    pred = [p.label for p in tsc.predict_many((r["sentence"], r["start"], r["end"]) for r in dev)]
    f1 = tsc.macro_f1([r["label"] for r in dev], pred)
    # Measured 0.665 on this held-out split (previous model 0.642; VADER on the sentence: 0.523).
    assert f1 > 0.655, f1


def test_features_see_stems_roles_and_mention_form() -> None:
    sentence, start, end = span("Critics say Mr. Smith lied, but Jones is honest.", "Mr. Smith")
    f = tsc.features(sentence, start, end)
    assert "sl:critic" in f and "sr:lie" in f and "sr:honest" in f  # stems, marked by side
    assert f["d:lie"] == 1.0 and 0 < f["d:honest"] < f["d:lie"]  # closer words weigh more
    assert "t_clstart" not in f and "t_before_contrast" in f
    assert {"ts_allcap", "ts_len2", "ts_title"} <= set(f)
    assert f["d_pred_n"] < 0 and f["d_aft_pB"] > 0  # "lied" after the target; "honest" after "but"
    day = tsc.features(*span("The vote was held on Sunday in Ohio.", "Sunday"))
    assert "ts_day" in day and "t_prep:on" in day


@pytest.mark.skipif(not os.environ.get("TSC_RETRAIN"), reason="slow (about 2 minutes): set TSC_RETRAIN=1")
def test_retraining_reproduces_the_shipped_model(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_tsc.py"), str(NEWSMTSC), "--out", str(out)], check=True, capture_output=True
    )
    assert out.read_bytes() == (ROOT / "analysis" / "resources" / "tsc_model.json").read_bytes()


def test_stance_predict_command(tmp_path: Path, capsys) -> None:
    from analysis.cli import main

    out = tmp_path / "pred.csv"
    assert main(["stance-predict", str(write_jsonl(tmp_path / "in.jsonl", [GOOD])), str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "gid,label"
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    assert main(["stance-predict", str(broken), str(tmp_path / "no.csv")]) == 2
    assert not (tmp_path / "no.csv").exists()
    assert capsys.readouterr().err.count("\n") == 1


def test_stance_predict_unwritable_output_is_one_line(tmp_path: Path, capsys) -> None:
    from analysis.cli import main

    target = tmp_path / "missing-folder" / "pred.csv"
    assert main(["stance-predict", str(write_jsonl(tmp_path / "in.jsonl", [GOOD])), str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err and not target.parent.exists()
