"""Frame detection: cues as evidence, sub-frames and parents, and its measured accuracy."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chokepoints import config
from chokepoints.errors import ChokepointsError
from chokepoints.frames import detect_frames, evaluate, frames_table, load_frames, read_gold

#: The honest estimate is the held-out split: measured once, after tuning on the other split.
MIN_HELD_OUT_MICRO_F1 = 0.70
MIN_TUNING_MICRO_F1 = 0.85


def _frames_of(sentence: str) -> dict[str, tuple[str, ...]]:
    return {m.frame: m.cues for m in detect_frames(sentence)}


def test_a_sentence_can_carry_several_frames_with_their_cues():
    found = _frames_of("Japan’s Ministry of Foreign Affairs has lodged a diplomatic complaint, "
                       "and senior officials warned that the move could destabilize regional "
                       "supply chains.")
    assert set(found["diplomacy_deescalation"]) == {"lodged", "diplomatic complaint"}
    assert "supply_chain_vulnerability" in found
    assert "external_regulation_reputation" in found


def test_a_subframe_brings_its_parent_dimension():
    found = _frames_of("China has repeatedly weaponized this control.")
    assert found["economic_coercion"] == ("weaponized",)
    assert found["economic"] == ("weaponized",)


def test_lawful_framing_is_found_as_legality():
    found = _frames_of("The measures are “legitimate, reasonable, and lawful.”")
    assert set(found["lawful_security_control"]) == {"legitimate", "reasonable", "lawful"}
    assert "legality" in found


def test_a_bare_report_of_the_ban_carries_no_coercion_frame():
    found = _frames_of("Beijing did not specify which products would fall under the new curbs.")
    assert "economic_coercion" not in found


def test_cues_match_whole_words_only():
    assert "security_defense" not in _frames_of("The armadillo attacked nobody.")
    assert "security_defense" in _frames_of("An armed attack on Taiwan.")


def test_a_sentence_without_cues_has_no_frame():
    assert detect_frames("Key facts stand out:") == []


def test_frames_table_has_one_row_per_sentence_and_frame(seed_tables):
    frames = seed_tables.frames
    assert not frames.duplicated(["sentence_id", "frame"]).any()
    assert set(frames["sentence_id"]) <= set(seed_tables.sentences["sentence_id"])
    subframes = frames[frames["level"] == "subframe"]
    for row in subframes.itertuples():
        assert ((frames["sentence_id"] == row.sentence_id)
                & (frames["frame"] == row.dimension)).any()


def test_every_frame_row_keeps_its_evidence(seed_tables):
    frames = seed_tables.frames.merge(seed_tables.sentences[["sentence_id", "text"]],
                                      on="sentence_id")
    for row in frames.itertuples():
        for cue in row.cues.split("; "):
            assert cue.lower() in row.text.lower()


def test_a_bad_cue_is_refused_with_the_file_and_frame(tmp_path: Path):
    path = tmp_path / "frames.yml"
    path.write_text("dimensions:\n  - id: economic\n    cues: ['trade(']\n", encoding="utf-8")
    with pytest.raises(ChokepointsError, match=r"frames.yml: frame 'economic', cue 'trade\('"):
        load_frames(path)


def test_a_subframe_needs_a_known_parent(tmp_path: Path):
    path = tmp_path / "frames.yml"
    path.write_text("dimensions:\n  - id: economic\n    cues: []\nsubframes:\n"
                    "  - id: odd\n    parent: nowhere\n    cues: []\n", encoding="utf-8")
    with pytest.raises(ChokepointsError, match="unknown parent 'nowhere'"):
        load_frames(path)


def test_another_lexicon_file_gives_other_frames(tmp_path: Path, seed_tables):
    path = tmp_path / "frames.yml"
    path.write_text("dimensions:\n  - id: energy\n    label: Energy\n    cues: ['rare earths?']\n",
                    encoding="utf-8")
    table = frames_table(seed_tables.sentences, load_frames(path))
    assert set(table["frame"]) == {"energy"}
    assert len(table) > 10


def test_evaluate_counts_true_and_false_positives():
    gold = pd.DataFrame({"sentence_id": ["a", "b", "c"],
                         "dimensions": ["economic;political", "economic", ""],
                         "subframes": ["", "", ""]})
    predicted = pd.DataFrame({"sentence_id": ["a", "b", "c"], "frame": ["economic"] * 3,
                              "level": ["dimension"] * 3})
    scores = evaluate(gold, predicted).set_index("frame")
    assert scores.loc["economic", ["tp", "fp", "fn"]].tolist() == [2, 1, 0]
    assert scores.loc["political", "fn"] == 1
    assert scores.loc["micro", "precision"] == pytest.approx(2 / 3)
    assert scores.loc["micro", "recall"] == pytest.approx(2 / 3)


def test_gold_labels_cover_every_seed_sentence_with_valid_frames(seed_tables):
    gold = read_gold()
    lexicon = load_frames()
    assert len(gold) >= 60
    assert set(gold["sentence_id"]) == set(seed_tables.sentences["sentence_id"])
    for row in gold.itertuples():
        dimensions = {d for d in row.dimensions.split(";") if d}
        subframes = {s for s in row.subframes.split(";") if s}
        assert dimensions <= set(lexicon.dimensions)
        assert subframes <= set(lexicon.subframes)
        parents = {f.dimension for f in lexicon.frames if f.id in subframes}
        assert parents <= dimensions


@pytest.mark.parametrize("split", ["tuning", "held_out"])
@pytest.mark.parametrize("level", ["dimension", "subframe"])
def test_detector_precision_and_recall_against_hand_labels(seed_tables, split, level, capsys):
    gold = read_gold()
    scores = evaluate(gold[gold["split"] == split], seed_tables.frames, level)
    with capsys.disabled():
        shown = scores[scores["support"] > 0][["frame", "precision", "recall", "f1", "support"]]
        print(f"\nframes, {level}, {split} sentences:\n{shown.round(2).to_string(index=False)}")
    micro = scores.set_index("frame").loc["micro", "f1"]
    floor = MIN_TUNING_MICRO_F1 if split == "tuning" else MIN_HELD_OUT_MICRO_F1
    assert micro >= floor


def test_gold_file_location_is_configured():
    assert config.FRAMES_GOLD_FILE.is_file()


def test_prefilter_finds_exactly_what_the_cues_one_by_one_find(seed_tables):
    import dataclasses
    import random

    from chokepoints.frames import FrameLexicon, detect_frames, load_frames

    lexicon = load_frames()
    unfiltered = FrameLexicon(tuple(dataclasses.replace(frame, prefilter=None)
                                    for frame in lexicon.frames))
    rng = random.Random(7)
    words = " ".join(seed_tables.sentences["text"]).split()
    sentences = list(seed_tables.sentences["text"]) + [
        " ".join(rng.choices(words, k=rng.randint(1, 30))) for _ in range(2000)]
    assert any(frame.prefilter is not None for frame in lexicon.frames)
    for sentence in sentences:
        assert detect_frames(sentence, lexicon) == detect_frames(sentence, unfiltered)


def test_fast_detection_equals_every_cue_one_by_one(seed_tables):
    from tests import naive_lexicons
    from tests.lexicon_texts import all_texts

    lexicon = load_frames()
    for text in [*seed_tables.sentences["text"], *all_texts()]:
        assert detect_frames(text, lexicon) == naive_lexicons.detect_frames(text, lexicon), text


def test_frames_table_equals_the_row_by_row_table(seed_tables):
    from tests import naive_lexicons

    lexicon = load_frames()
    sentences = seed_tables.sentences
    for subset in (sentences, sentences.iloc[:0], sentences.iloc[:3]):
        pd.testing.assert_frame_equal(frames_table(subset, lexicon),
                                      naive_lexicons.frames_table(subset, lexicon))


def test_a_frame_id_listed_twice_is_refused(tmp_path: Path):
    path = tmp_path / "frames.yml"
    path.write_text("dimensions:\n  - id: economic\n    cues: [trade]\nsubframes:\n"
                    "  - id: economic\n    parent: economic\n    cues: [tariffs]\n",
                    encoding="utf-8")
    with pytest.raises(ChokepointsError, match="frame 'economic' is listed twice"):
        load_frames(path)


def test_subframes_stand_for_their_parents_as_cue_by_cue(tmp_path: Path, seed_tables):
    """Parents with and without cues of their own, several sub-frames of one parent, a cue in
    two frames: each sentence's frames and evidence equal those of every cue tried one by
    one."""
    from tests import naive_lexicons
    from tests.lexicon_texts import all_texts

    path = tmp_path / "frames.yml"
    path.write_text(
        "dimensions:\n"
        "  - id: bare\n    cues: []\n"
        "  - id: own\n    cues: ['export(?:s|ed)?', 'Japan']\n"
        "  - id: other\n    cues: ['China', 'rare earths?']\n"
        "subframes:\n"
        "  - id: first\n    parent: bare\n    cues: ['ban(?:s|ned)?', 'China']\n"
        "  - id: second\n    parent: bare\n    cues: ['Japan', 'exports']\n"
        "  - id: third\n    parent: own\n    cues: ['controls?', 'rare earths?']\n"
        "  - id: fourth\n    parent: other\n    cues: ['(supply) chains?']\n",
        encoding="utf-8")
    lexicon = load_frames(path)
    for text in [*seed_tables.sentences["text"], *all_texts()]:
        assert detect_frames(text, lexicon) == naive_lexicons.detect_frames(text, lexicon), text


def test_frames_table_with_the_words_given_equals_the_table_without(seed_tables):
    """The words the pipeline splits once for frames and claims give the same table, on the
    seed sentences, paragraphs recombined from them as the 1k corpus is, and TimeBank."""
    from chokepoints.patterns import words_in
    from tests.corpora import recombined, timebank

    lexicon = load_frames()
    texts = [*seed_tables.sentences["text"],
             *recombined(list(seed_tables.sentences["text"]), 150), *timebank()]
    sentences = pd.DataFrame({"article_id": "a", "text": texts,
                              "sentence_id": [f"s{number}" for number in range(len(texts))]})
    pd.testing.assert_frame_equal(frames_table(sentences, lexicon, list(map(words_in, texts))),
                                  frames_table(sentences, lexicon))
