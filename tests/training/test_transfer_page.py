"""The side-by-side section: floors read as printed, the one-language baseline a floor too, verdicts on transfer."""

from helpers.training.transfer import Row
from helpers.training.transfer_page import precise_on_transfer, table, transfer_section


def test_floors_are_read_as_printed_and_a_missed_floor_stands_out():
    rows = [Row("sentiment", "transfer", "macro-F1, FR", "UMSAB", 324, 0.6504, 0.6496, 0.61),
            Row("hostile", "validation", "F1, EN", "Davidson", 100, 0.70, 0.72, None),
            Row("emotions", "validation", "mean ROC-AUC, EN", "XED", 50, 0.76, 0.72, 0.765, 0.7641)]
    assert rows[0].floor_met and not rows[1].floor_met and rows[2].floor_met
    assert rows[0].precise_floor_met is None and rows[2].precise_floor_met is False
    text = table(rows)
    assert "| sentiment | transfer | macro-F1, FR | UMSAB | 324 | 0.650 | 0.650 |  | 0.610 |  | yes |  |" in text
    assert "| 0.700 | 0.720 |  |  |  | **no** |  |" in text
    assert text.rstrip().endswith("| 0.760 | 0.720 |  | 0.765 | 0.764 | yes | **no** |")


def test_the_one_language_baseline_is_a_floor_too_and_a_transfer_row_asks_precise_to_beat_the_default():
    below_french_baseline = Row("sentiment", "validation", "macro-F1, FR", "UMSAB", 324, 0.65, 0.60, tfidf_lang=0.66)
    assert not below_french_baseline.floor_met and below_french_baseline.floor == 0.66  # what the page quotes
    assert Row("sentiment", "validation", "macro-F1, FR", "UMSAB", 324, 0.65, 0.60, tfidf_lang=float("nan")).floor_met
    over_use_under_default = Row("hostile", "transfer", "F1, EN", "Davidson", 9, 0.70, 0.1, 0.55, precise=0.69)
    assert over_use_under_default.precise_floor_met is False
    assert Row("hostile", "validation", "F1, EN", "Davidson", 9, 0.70, 0.1, 0.55, precise=0.69).precise_floor_met
    assert Row("hostile", "transfer", "F1, EN", "Davidson", 9, 0.70, 0.1, 0.55, precise=0.70).precise_floor_met
    rows = [over_use_under_default, Row("hostile", "transfer", "F1, FR", "MLMA", 9, 0.70, 0.1, 0.55, precise=0.7004),
            Row("sentiment", "transfer", "F1", "UMSAB", 9, 0.2, 0.1, 0.2, precise=0.3),
            Row("sentiment", "validation", "F1", "UMSAB", 9, 0.2, 0.1, 0.2, precise=0.1)]
    assert precise_on_transfer(rows) == ("On the 3 transfer rows, `--precise` leads Vigie's default on 1, ties on 1 "
                                         "and trails on 1.")


def test_the_section_names_the_missed_floor_at_the_baseline_that_set_it():
    rows = [Row("sentiment", "transfer", "macro-F1, FR", "UMSAB", 324, 0.216, 0.203, 0.237, 0.289, tfidf_lang=0.220)]
    text = "\n".join(transfer_section(rows))
    assert "Floor missed on 1 of 1 rows: sentiment transfer macro-F1, FR (0.216 < 0.220)." in text
    assert "Precise floor met on all 1 rows measured." in text and "leads Vigie's default on 1" in text


def test_a_missed_precise_floor_says_whether_the_rows_can_tell_the_gap_from_noise():
    row = Row("hostile", "transfer", "F1, FR", "MLMA", 803, 0.718, 0.024, 0.504, precise=0.705)
    row.gaps = {"use": (0.15, 0.25), "vigie": (-0.035, 0.008)}
    text = "\n".join(transfer_section([row]))
    # Only the floor it missed is named with its interval: it clears USE + LR.
    assert ("hostile transfer F1, FR (0.705; USE + LR 0.504, default 0.718; gap to default -0.013 (-0.035 to +0.008))"
            in text)
    assert "where it spans 0 the rows cannot tell the two apart" in text
    assert "flagging every post" not in text.casefold()  # no figure given, none printed
    row.flag_all = 0.598
    text = "\n".join(transfer_section([row]))
    assert "(-0.035 to +0.008); flagging every post 0.598)" in text and "*Flagging every post*: the F1" in text
    assert "bootstrap" not in "\n".join(transfer_section([Row("hostile", "transfer", "F1, FR", "MLMA", 9, 0.7, 0.1, 0.5,
                                                               precise=0.6)]))


def test_the_page_names_its_transfer_runs_and_says_when_they_trained_otherwise(tmp_path):
    import json

    import numpy as np

    from helpers.io.artifacts import write_safetensors
    from helpers.training.transfer_page import transfer_runs_note

    def tier(name: str, version: str, balanced: tuple = (), rule: int | None = 2, **settings) -> object:
        meta = {"version": version, "settings": {"lr": 4e-4, "emotion_weight": 0.5, "frozen": 4, **settings},
                "balanced": list(balanced), **({"hold_out_rule": rule} if rule else {})}
        return write_safetensors(tmp_path / name, {"w": np.zeros(1, np.float32)}, {"vigie": json.dumps(meta)})

    shipped = tier("shipped.safetensors", "vigie-encoder-2")
    same = tier("without-a.safetensors", "vigie-encoder-2-without-a", hold_out=["a"])
    assert transfer_runs_note(shipped, [same, tmp_path / "absent.safetensors"]) == (
        "Transfer runs read here: `without-a.safetensors` (`vigie-encoder-2-without-a`); the shipped tier is "
        "`vigie-encoder-2`, trained with the same settings.")
    older = tier("without-b.safetensors", "vigie-encoder-1", lr=5e-5, emotion_weight=0.25)
    note = transfer_runs_note(shipped, [same, older])
    assert "`without-b.safetensors` (`vigie-encoder-1`, lr 5e-05, emotion_weight 0.25)" in note
    assert "the shipped tier is `vigie-encoder-2` (lr 0.0004, emotion_weight 0.5)" in note and "rerun" in note
    recalibrated = tier("without-d.safetensors", "vigie-encoder-3-without-d", balanced=["distress", "hostile"])
    assert "(`vigie-encoder-3-without-d`, balanced distress+hostile)" in transfer_runs_note(shipped, [recalibrated])
    assert "matched exactly" not in note and "rerun them" not in note
    # A run written before its collection's texts were matched by overlap_key (no rule recorded) is named.
    exact = tier("without-e.safetensors", "vigie-encoder-3-without-e", rule=None, hold_out=["e"])
    stale = transfer_runs_note(shipped, [same, exact])
    assert "`without-e.safetensors` (`vigie-encoder-3-without-e`, its collection's texts matched exactly)" in stale
    assert stale.endswith("possibly having learnt a few of them: `without-e.safetensors`; rerun them to measure today's rule.")
    assert transfer_runs_note(shipped, [tmp_path / "absent.safetensors"]) == ""  # the section says it once
    assert transfer_runs_note(tmp_path / "absent.safetensors", [same]) == ""
    assert note in "\n".join(transfer_section([], note))


def test_a_distilled_default_says_whose_soft_labels_its_transfer_rows_learn():
    row = Row("hostile", "transfer", "F1, FR", "MLMA", 9, 0.8, 0.1, 0.5, 0.7)
    plain = "\n".join(transfer_section([row]))
    taught = "\n".join(transfer_section([row], distilled={"teacher": "vigie-encoder-3", "texts": 20129}))
    assert "soft labels" not in plain
    assert "soft labels of `vigie-encoder-3` on 20,129 unlabelled texts" in taught
    assert "the row's transfer run instead" in taught and taught.index("soft labels") < taught.index("| hostile |")
