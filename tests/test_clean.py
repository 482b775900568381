"""Tests for chokepoints.clean: what each seed loses and keeps, line by line, and crafted cases."""

from __future__ import annotations

import pytest

from chokepoints import config
from chokepoints.clean import (
    Override,
    clean_text,
    is_title_case,
    load_overrides,
    load_rules,
)
from chokepoints.errors import CleaningRuleError
from chokepoints.models import InlineRemoval
from tests.seeds import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004, SEED_IDS, raw_lines

# Every line of a seed that is NOT body: raw line number -> (role, kind, start of the line).
# Every other non-empty raw line must be kept as body.
NOT_BODY: dict[str, dict[int, tuple[str, str, str]]] = {
    # Analytical commentary: fifteen paragraphs, no page furniture at all.
    SEED_000: {},
    SEED_001: {
        1: ("title", "", "China Bans Exports of Dual-Use Goods to Japan"),
        3: ("furniture", "caption", "Type-88 missile"),
        37: ("furniture", "related", "Related Posts"),
    },
    SEED_002: {
        1: ("title", "", "China Tightens Export Controls on Japan:"),
        3: ("furniture", "dateline", "Jan 12, 2026"),
        5: ("heading", "", "Highlights"),
        13: ("heading", "", "What China Is Saying"),
        25: ("heading", "", "Japan\u2019s View: Economic Alarm Bells"),
        38: ("heading", "", "Western / U.S. Perspective: D\u00e9j\u00e0 Vu With Higher Stakes"),
        50: ("heading", "", "Why This Matters Now"),
        56: ("furniture", "wordpress", "\u00a9!-- /wp:paragraph -->"),
        58: ("furniture", "sidebar", "Search"),
        59: ("furniture", "related", "Recent Reex News"),
        61: ("furniture", "related", "From Tariffs to Tactics:"),
        63: ("furniture", "related", "Atlas vs Optimus:"),
        65: ("furniture", "related", "China Expands Export Control Toolkit:"),
        67: ("furniture", "related", "USTDA Backs Monte Muambe:"),
        69: ("furniture", "related", "Beijing Reinforces Central Discipline"),
        71: ("furniture", "byline", "By Daniel"),
        73: ("furniture", "byline", "Inspired to launch Rare Earth Exchanges"),  # author bio
        75: ("furniture", "comments", "0 Comments"),
        77: ("furniture", "comments", "Submit a Comment"),
        79: ("furniture", "comments", "Your email address will not be published."),
        81: ("furniture", "subscribe", "Straight Into Your Inbox"),
        83: ("furniture", "subscribe", "Straight Into Your Inbox"),
        85: ("furniture", "subscribe", "Receive a Daily News Update"),
        87: ("furniture", "subscribe", "Fantastic! Thanks for subscribing"),
        # The sign-up box is printed twice.
        89: ("furniture", "subscribe", "Straight Into Your Inbox"),
        91: ("furniture", "subscribe", "Straight Into Your Inbox"),
        93: ("furniture", "subscribe", "Receive a Daily News Update"),
        95: ("furniture", "subscribe", "Fantastic! Thanks for subscribing"),
    },
    SEED_003: {
        4: ("heading", "", "What China Has Banned and Why"),
        13: ("heading", "", "Japan\u2019s Swift and Strong Rebuke"),
        16: ("heading", "", "Context: Taiwan and Strategic Friction"),
        20: ("heading", "", "Potential Economic and Strategic Impacts"),
        22: ("heading", "", "Industrial Production and Supply Chains"),
        25: ("heading", "", "Broader Regional and Global Reactions"),
        29: ("heading", "", "What Happens Next?"),
        34: ("furniture", "comments", "Leave a Reply"),
    },
    SEED_004: {
        1: ("furniture", "navigation", "Skip to main content"),
        3: ("furniture", "paywall", "Already a subscriber?"),
        9: ("furniture", "related", "How chinas rare earth metals export ban"),
        19: ("furniture", "subscribe", "JOIN THE MOVEMENT"),
        21: ("furniture", "subscribe", "Keep up to date with our latest videos"),
    },
}

#: Bullet items (kept as body paragraphs, flagged as bullets).
BULLET_LINES: dict[str, set[int]] = {
    SEED_000: set(),
    SEED_001: set(),
    SEED_002: {7, 8, 9, 19, 20, 21, 31, 32, 33, 34, 44, 45, 46},
    SEED_003: {7, 8, 9, 10},
    SEED_004: set(),
}

#: Body lines that lose a piece of inline furniture.
INLINE_CUTS: dict[str, dict[int, str]] = {
    SEED_002: {11: "(opens in a new tab)"},
    SEED_003: {2: "Beijing/Tokyo \u2014 January 7, 2026 \u2014"},
}


def nonempty_line_numbers(article_id: str) -> list[int]:
    return [number for number, text in enumerate(raw_lines(article_id), start=1) if text.strip()]


# --- the seeds, line by line ----------------------------------------------------------------


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_has_one_cleaning_decision_per_nonempty_raw_line(seed_cleaned, article_id):
    assert [line.line_no for line in seed_cleaned[article_id].lines] == (
        nonempty_line_numbers(article_id))


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_non_body_lines_have_the_expected_role_and_kind(seed_cleaned, article_id):
    lines = {line.line_no: line for line in seed_cleaned[article_id].lines}
    found = {number: (line.role, line.kind, line.text) for number, line in lines.items()
             if line.role != "body"}
    assert {n: (role, kind) for n, (role, kind, _) in found.items()} == {
        n: (role, kind) for n, (role, kind, _) in NOT_BODY[article_id].items()}
    for number, (_, _, start) in NOT_BODY[article_id].items():
        assert found[number][2].startswith(start), number


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_every_other_nonempty_line_is_kept_as_body(seed_cleaned, article_id):
    body = [line.line_no for line in seed_cleaned[article_id].lines if line.role == "body"]
    expected = [n for n in nonempty_line_numbers(article_id) if n not in NOT_BODY[article_id]]
    assert body == expected


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_body_lines_become_paragraphs_in_order(seed_cleaned, article_id):
    cleaned = seed_cleaned[article_id]
    body = [line.line_no for line in cleaned.lines if line.role == "body"]
    assert [p.line_no for p in cleaned.paragraphs] == body
    assert [p.number for p in cleaned.paragraphs] == list(range(1, len(body) + 1))


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_paragraphs_keep_every_word_of_their_line(seed_cleaned, seed_articles, article_id):
    # Each paragraph is its raw line minus the bullet mark and any inline furniture, nothing else.
    lines = seed_articles[article_id].text.split("\n")
    cuts = INLINE_CUTS.get(article_id, {})
    for paragraph in seed_cleaned[article_id].paragraphs:
        expected = lines[paragraph.line_no - 1].strip()
        if paragraph.is_bullet:
            expected = expected[1:].strip()
        if paragraph.line_no in cuts:
            expected = " ".join(expected.replace(cuts[paragraph.line_no], " ").split())
        assert paragraph.text == expected


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_bullets_are_kept_as_body_and_flagged(seed_cleaned, article_id):
    cleaned = seed_cleaned[article_id]
    assert {line.line_no for line in cleaned.lines if line.is_bullet} == BULLET_LINES[article_id]
    assert {p.line_no for p in cleaned.paragraphs if p.is_bullet} == BULLET_LINES[article_id]
    assert all(line.role == "body" for line in cleaned.lines if line.is_bullet)


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_inline_removals_are_exactly_the_expected_ones(seed_cleaned, article_id):
    cuts = seed_cleaned[article_id].inline_removals
    assert {cut.line_no: cut.text for cut in cuts} == INLINE_CUTS.get(article_id, {})


def test_seed_002_loses_the_new_tab_note_and_keeps_the_sentence(seed_cleaned):
    cleaned = seed_cleaned[SEED_002]
    assert cleaned.inline_removals == [
        InlineRemoval(11, "(opens in a new tab)", "link_note", "new_tab_note")]
    [paragraph] = [p for p in cleaned.paragraphs if p.line_no == 11]
    assert paragraph.text.startswith("Two recent pieces from China Daily, a state-owned media")


def test_seed_003_loses_the_dateline_prefix_and_keeps_the_first_sentence(seed_cleaned):
    cleaned = seed_cleaned[SEED_003]
    assert cleaned.inline_removals == [InlineRemoval(
        2, "Beijing/Tokyo \u2014 January 7, 2026 \u2014", "dateline", "dateline_prefix")]
    assert cleaned.paragraphs[0].text.startswith(
        "China has announced a sweeping ban on exporting dual-use items \u2014 goods")


def test_seed_title_is_the_headline_line(seed_cleaned):
    assert seed_cleaned[SEED_001].title.startswith("China Bans Exports of Dual-Use Goods")
    assert seed_cleaned[SEED_002].title == (
        "China Tightens Export Controls on Japan: Rare Earths Re-Enter the Geopolitical "
        "Crosshairs")
    assert seed_cleaned[SEED_003].title == ""


def test_seed_002_paragraphs_fall_under_their_section_heading(seed_cleaned):
    headings = {p.line_no: p.heading for p in seed_cleaned[SEED_002].paragraphs}
    assert headings[7] == "Highlights"
    assert headings[15] == "What China Is Saying"
    assert headings[31] == "Japan\u2019s View: Economic Alarm Bells"
    assert headings[44] == "Western / U.S. Perspective: D\u00e9j\u00e0 Vu With Higher Stakes"
    assert headings[54] == "Why This Matters Now"


def test_seed_003_paragraphs_before_the_first_heading_have_none(seed_cleaned):
    paragraphs = seed_cleaned[SEED_003].paragraphs
    assert [p.heading for p in paragraphs[:2]] == ["", ""]
    assert paragraphs[2].heading == "What China Has Banned and Why"
    assert paragraphs[-1].heading == "What Happens Next?"


def test_seed_headings_are_not_paragraphs(seed_cleaned):
    for cleaned in seed_cleaned.values():
        kept = {p.text for p in cleaned.paragraphs}
        structure = {line.text for line in cleaned.lines if line.role in ("title", "heading")}
        assert kept.isdisjoint(structure)


def test_seed_furniture_counts(seed_cleaned):
    assert {article_id: cleaned.furniture_line_count
            for article_id, cleaned in seed_cleaned.items()} == {
        SEED_000: 0, SEED_001: 2, SEED_002: 22, SEED_003: 1, SEED_004: 5}


def test_every_seed_override_is_used(seed_cleaned):
    used = {(article_id, line.text) for article_id, cleaned in seed_cleaned.items()
            for line in cleaned.lines if line.rule == "override"}
    assert used == {(o.article_id, o.line) for o in load_overrides(config.DEFAULT_CORPUS_DIR)}


# --- inline removals, crafted ---------------------------------------------------------------


def test_new_tab_note_is_cut_and_the_gap_closed():
    cleaned = clean_text("Read the statement (opens in a new tab) on the ministry site.")
    assert cleaned.paragraphs[0].text == "Read the statement on the ministry site."
    assert [cut.text for cut in cleaned.inline_removals] == ["(opens in a new tab)"]


def test_new_window_note_is_cut_too():
    cleaned = clean_text("See the list (opens in a new window).")
    assert cleaned.paragraphs[0].text == "See the list."


@pytest.mark.parametrize("dash", ["\u2014", "\u2013", "-"])
def test_dateline_prefix_is_cut_whatever_the_dash(dash):
    cleaned = clean_text(f"Tokyo {dash} January 7, 2026 {dash} Japan protested the ban.")
    assert cleaned.paragraphs[0].text == "Japan protested the ban."
    assert cleaned.inline_removals[0].kind == "dateline"


@pytest.mark.parametrize("place", ["Beijing/Tokyo", "WASHINGTON", "Hong Kong, China",
                                   "St. Petersburg"])
def test_dateline_prefix_is_cut_for_any_place_name(place):
    cleaned = clean_text(f"{place} \u2014 January 7, 2026 \u2014 Japan protested the ban.")
    assert cleaned.paragraphs[0].text == "Japan protested the ban."


def test_sentence_with_a_date_between_dashes_keeps_its_subject():
    text = "The deadline \u2014 January 7, 2026 \u2014 passed without a deal."
    cleaned = clean_text(text)
    assert cleaned.paragraphs[0].text == text
    assert cleaned.inline_removals == []


def test_line_holding_only_inline_furniture_is_removed_not_kept_empty():
    cleaned = clean_text("Japan protested.\n(opens in a new tab)\nChina replied.")
    assert [p.text for p in cleaned.paragraphs] == ["Japan protested.", "China replied."]
    assert [(line.line_no, line.role, line.kind) for line in cleaned.lines
            if line.role != "body"] == [(2, "furniture", "link_note")]


# --- overrides ------------------------------------------------------------------------------

TEXT = "Japan protested.\nPhoto: Reuters\nChina replied."


def test_override_sets_the_role_and_kind_of_its_line():
    override = Override("a1", "Photo: Reuters", "furniture", "caption", "photo credit")
    [line] = [line for line in clean_text(TEXT, "a1", [override]).lines if line.line_no == 2]
    assert (line.role, line.kind, line.rule) == ("furniture", "caption", "override")


def test_override_can_keep_a_line_as_body():
    override = Override("a1", "Photo: Reuters", "body", "", "really a sentence")
    cleaned = clean_text(TEXT, "a1", [override])
    assert [p.text for p in cleaned.paragraphs] == [
        "Japan protested.", "Photo: Reuters", "China replied."]


def test_override_matching_no_line_raises():
    override = Override("a1", "Photo: AP", "furniture", "caption", "photo credit")
    with pytest.raises(CleaningRuleError, match="match no line: 'Photo: AP'"):
        clean_text(TEXT, "a1", [override])


def test_override_of_another_article_is_ignored():
    override = Override("a2", "Photo: AP", "furniture", "caption", "photo credit")
    assert len(clean_text(TEXT, "a1", [override]).paragraphs) == 2


def write_overrides(tmp_path, rows: str):
    (tmp_path / config.CLEANING_OVERRIDES_NAME).write_text(
        "article_id,line,role,kind,reason\n" + rows, encoding="utf-8")
    return tmp_path


def test_load_overrides_reads_rows(tmp_path):
    corpus_dir = write_overrides(tmp_path, "a1, Photo: Reuters ,furniture,caption,photo credit\n")
    assert load_overrides(corpus_dir) == [
        Override("a1", "Photo: Reuters", "furniture", "caption", "photo credit")]


def test_load_overrides_without_a_file_means_none(tmp_path):
    assert load_overrides(tmp_path) == []


def test_load_overrides_refuses_an_unknown_role(tmp_path):
    corpus_dir = write_overrides(tmp_path, "a1,Photo: Reuters,caption,,photo credit\n")
    with pytest.raises(CleaningRuleError, match="row 2: role 'caption' is not one of"):
        load_overrides(corpus_dir)


def test_load_overrides_refuses_a_row_without_reason(tmp_path):
    corpus_dir = write_overrides(tmp_path, "a1,Photo: Reuters,furniture,caption,\n")
    with pytest.raises(CleaningRuleError, match="every override needs a reason"):
        load_overrides(corpus_dir)


def test_load_overrides_refuses_an_article_not_in_the_manifest(tmp_path):
    corpus_dir = write_overrides(tmp_path, "a9,Photo: Reuters,furniture,caption,photo credit\n")
    with pytest.raises(CleaningRuleError, match="article 'a9' is not in the manifest"):
        load_overrides(corpus_dir, article_ids=["a1", "a2"])


# --- the rules file -------------------------------------------------------------------------


def test_project_rule_names_are_unique():
    names = [rule.name for rule in load_rules()]
    assert len(names) == len(set(names))


def write_rules(tmp_path, body: str):
    path = tmp_path / "rules.yml"
    path.write_text("rules:\n" + body, encoding="utf-8")
    return path


def test_rule_without_a_reason_is_refused(tmp_path):
    path = write_rules(tmp_path, "  - {name: x, kind: k, scope: line, pattern: 'x'}\n")
    with pytest.raises(CleaningRuleError, match="rule 1 lacks reason"):
        load_rules(path)


def test_rule_with_an_unknown_scope_is_refused(tmp_path):
    path = write_rules(tmp_path, "  - {name: x, kind: k, scope: page, pattern: 'x', reason: r}\n")
    with pytest.raises(CleaningRuleError, match="unknown scope 'page'"):
        load_rules(path)


def test_rule_with_a_bad_pattern_is_refused(tmp_path):
    path = write_rules(tmp_path, "  - {name: x, kind: k, scope: line, pattern: '(x', reason: r}\n")
    with pytest.raises(CleaningRuleError, match="rule 'x': bad pattern"):
        load_rules(path)


def test_rules_are_case_insensitive_unless_marked(tmp_path):
    path = write_rules(tmp_path, "  - {name: nav, kind: navigation, scope: line, "
                                 "pattern: 'skip', reason: r}\n")
    cleaned = clean_text("SKIP\nJapan protested.", rules=load_rules(path))
    assert cleaned.lines[0].kind == "navigation"


# --- crafted articles -----------------------------------------------------------------------

PLAIN_ARTICLE = """\
Japan protested on Tuesday against China's ban on exports of dual-use items.

More from Beijing is expected on Friday.
By partnering with the U.S., Tokyo can diversify its sources.
Read more: the ministry's list runs to 1,100 items.
Recent weeks have brought more bad news.
Search teams found nothing, officials said.
"We will respond," the minister said.
Officials called the ban "absolutely unacceptable."
"""


def test_plain_article_without_furniture_loses_nothing():
    lines = [line for line in PLAIN_ARTICLE.split("\n") if line]
    cleaned = clean_text(PLAIN_ARTICLE)
    assert [p.text for p in cleaned.paragraphs] == lines
    assert cleaned.furniture_line_count == 0
    assert cleaned.inline_removals == []


def test_heading_between_paragraphs_becomes_the_heading_of_following_paragraphs():
    cleaned = clean_text("Japan protested on Tuesday.\n\nWhat Happens Next\n\n"
                         "Talks are planned. Nothing is certain.\n\nChina replied on Wednesday.")
    assert [(p.text, p.heading) for p in cleaned.paragraphs] == [
        ("Japan protested on Tuesday.", ""),
        ("Talks are planned. Nothing is certain.", "What Happens Next"),
        ("China replied on Wednesday.", "What Happens Next"),
    ]
    assert [line.role for line in cleaned.lines] == ["body", "heading", "body", "body"]


def test_a_later_heading_replaces_the_earlier_one():
    cleaned = clean_text("Japan protested.\nFirst Section\nOne.\nSecond Section\nTwo.")
    assert [p.heading for p in cleaned.paragraphs] == ["", "First Section", "Second Section"]


def test_title_case_line_before_the_body_is_the_title():
    cleaned = clean_text("China Bans Exports to Japan\n\nJapan protested on Tuesday.")
    assert cleaned.title == "China Bans Exports to Japan"
    assert cleaned.paragraphs[0].heading == ""


def test_second_title_case_line_before_the_body_is_a_heading():
    cleaned = clean_text("China Bans Exports to Japan\nThe Background\nJapan protested.")
    assert [line.role for line in cleaned.lines] == ["title", "heading", "body"]


def test_title_case_line_after_the_body_is_a_heading_not_a_title():
    cleaned = clean_text("Japan protested.\nThe Reaction in Tokyo\nChina replied.")
    assert cleaned.title == ""
    assert cleaned.lines[1].role == "heading"


def test_short_title_case_question_is_a_heading():
    cleaned = clean_text("Japan protested.\nWhat Happens Next?\nChina replied.")
    assert (cleaned.lines[1].role, cleaned.lines[1].rule) == ("heading", "question_heading")


def test_short_lowercase_line_without_punctuation_is_a_fragment():
    cleaned = clean_text("Japan protested.\nphoto by staff\nChina replied.")
    assert (cleaned.lines[1].role, cleaned.lines[1].kind) == ("furniture", "fragment")


def test_long_line_without_final_punctuation_is_body():
    line = ("Japan relies heavily on China for rare earth metals used in electric vehicles, "
            "defense systems and electronics manufacturing")
    assert clean_text(line).paragraphs[0].text == line


def test_repeated_line_is_removed_the_second_time():
    cleaned = clean_text("Japan protested.\nSign-up: weekly digest.\nChina replied.\n"
                         "Sign-up: weekly digest.")
    assert [(line.role, line.kind) for line in cleaned.lines] == [
        ("body", ""), ("body", ""), ("body", ""), ("furniture", "repeated")]


def test_tail_rule_removes_every_following_line():
    cleaned = clean_text("Japan protested.\nLeave a Reply\nGreat article, thanks.\nName *")
    assert [(line.role, line.kind, line.rule) for line in cleaned.lines] == [
        ("body", "", ""),
        ("furniture", "comments", "comment_form"),
        ("furniture", "comments", "after_comment_form"),
        ("furniture", "comments", "after_comment_form"),
    ]


def test_line_rule_inside_a_tail_names_its_own_kind():
    cleaned = clean_text("Japan protested.\nRelated Posts\nBy Jane Doe\nAnother headline here")
    assert [line.kind for line in cleaned.lines[1:]] == ["related", "byline", "related"]


@pytest.mark.parametrize("line", ["\u2022 Tokyo protested", "- Tokyo protested",
                                  "* Tokyo protested", "1. Tokyo protested",
                                  "  \u2013 Tokyo protested"])
def test_bullet_marks_are_removed_and_the_item_kept(line):
    cleaned = clean_text(f"Japan said:\n{line}")
    assert (cleaned.paragraphs[1].text, cleaned.paragraphs[1].is_bullet) == (
        "Tokyo protested", True)


def test_short_bullet_without_punctuation_is_not_a_fragment():
    cleaned = clean_text("Items include:\n- Drone components\n- Magnets")
    assert [line.role for line in cleaned.lines] == ["body", "body", "body"]


def test_hyphenated_word_at_line_start_is_not_a_bullet():
    cleaned = clean_text("-based firms said they would wait.")
    assert cleaned.paragraphs[0].is_bullet is False


def test_empty_text_has_no_lines():
    cleaned = clean_text("\n\n  \n")
    assert (cleaned.lines, cleaned.paragraphs) == ([], [])


def test_byline_rule_needs_capitalised_names():
    cleaned = clean_text("By contrast, Tokyo said little.\nBy Jane Doe")
    assert [line.role for line in cleaned.lines] == ["body", "furniture"]


@pytest.mark.parametrize(("text", "expected"), [
    ("What China Is Saying", True),
    ("Western / U.S. Perspective: D\u00e9j\u00e0 Vu With Higher Stakes", True),
    ("How chinas rare earth metals export ban will impact supply chains", False),
    ("type-88 Missile", False),
    ("2026", False),
])
def test_is_title_case(text, expected):
    assert is_title_case(text) is expected


def test_japanese_sentences_ending_in_a_full_width_stop_are_body():
    text = "日本政府は協議を求める方針を明らかにした。\n報道官は「措置は義務に反する」と述べた。\n"
    cleaned = clean_text(text)
    assert [line.role for line in cleaned.lines] == ["body", "body"]
