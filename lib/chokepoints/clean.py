"""Separate an article's body from page furniture, line by line, keeping headings as structure."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from chokepoints import config
from chokepoints.errors import CleaningRuleError
from chokepoints.files import cached_by_path, read_yaml
from chokepoints.models import CleanArticle, InlineRemoval, Line, Paragraph

SCOPES = ("line", "tail", "inline")
ROLES = ("title", "heading", "body", "furniture")

BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*–-]|\d{1,2}[.)])\s+(?P<text>\S.*)$")
#: Sentence-final characters: a line ending in none of them is a heading or a fragment.
#: The full-width ones end Chinese and Japanese sentences (and quotes).
TERMINAL = tuple(".!?:;\"”'’)…。！？」』）")
#: Words a headline leaves in lower case.
SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into",
                         "is", "of", "on", "or", "per", "the", "to", "vs", "via", "with"})
WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
MAX_HEADING_WORDS = 15
MAX_TITLE_WORDS = 40


@dataclass(frozen=True)
class Rule:
    """One page-furniture rule from the rules file."""

    name: str
    kind: str
    scope: str
    pattern: re.Pattern[str]
    reason: str


@dataclass(frozen=True)
class Override:
    """A hand correction for one line of one article."""

    article_id: str
    line: str
    role: str
    kind: str
    reason: str


@cached_by_path
def load_rules(path: Path = config.FURNITURE_RULES_FILE) -> tuple[Rule, ...]:
    """Read and compile the furniture rules.

    Raises:
        CleaningRuleError: a rule lacks a field, has an unknown scope or a bad pattern.
    """
    spec = read_yaml(path) or {}
    rules = []
    for index, item in enumerate(spec.get("rules", []), start=1):
        missing = {"name", "kind", "scope", "pattern", "reason"} - set(item)
        if missing:
            raise CleaningRuleError(f"{path}: rule {index} lacks {', '.join(sorted(missing))}")
        if item["scope"] not in SCOPES:
            raise CleaningRuleError(f"{path}: rule {item['name']!r} has unknown scope "
                                    f"{item['scope']!r}; use one of {', '.join(SCOPES)}")
        flags = 0 if item.get("case_sensitive") else re.IGNORECASE
        try:
            pattern = re.compile(item["pattern"], flags)
        except re.error as error:
            raise CleaningRuleError(
                f"{path}: rule {item['name']!r}: bad pattern: {error}") from None
        rules.append(Rule(item["name"], item["kind"], item["scope"], pattern, item["reason"]))
    return tuple(rules)


def load_overrides(corpus_dir: Path, article_ids: Iterable[str] | None = None) -> list[Override]:
    """Read a corpus's ``cleaning_overrides.csv`` (an absent file means no overrides).

    Args:
        corpus_dir: the corpus folder.
        article_ids: the manifest's article ids; when given, an override for any other id is
            an error (it would silently match nothing).

    Raises:
        CleaningRuleError: a row names an unknown role or article, or lacks a reason.
    """
    path = corpus_dir / config.CLEANING_OVERRIDES_NAME
    if not path.is_file():
        return []
    known = None if article_ids is None else set(article_ids)
    overrides = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            article_id = (row.get("article_id") or "").strip()
            if known is not None and article_id not in known:
                raise CleaningRuleError(f"{path}, row {number}: article {article_id!r} is not in "
                                        "the manifest")
            role = (row.get("role") or "").strip()
            if role not in ROLES:
                raise CleaningRuleError(f"{path}, row {number}: role {role!r} is not one of "
                                        f"{', '.join(ROLES)}")
            if not (row.get("reason") or "").strip():
                raise CleaningRuleError(f"{path}, row {number}: every override needs a reason")
            overrides.append(Override(article_id, row["line"].strip(), role,
                                      (row.get("kind") or "").strip(), row["reason"].strip()))
    return overrides


def is_title_case(text: str) -> bool:
    """True when the significant words of ``text`` are capitalised, as in a headline."""
    words = WORD.findall(text)
    if not words or not words[0][0].isupper():
        return False
    significant = [w for w in words if w.lower() not in SMALL_WORDS]
    capitalised = sum(w[0].isupper() for w in significant)
    return capitalised >= 0.75 * len(significant)


def _structural_role(text: str, seen_body: bool) -> tuple[str, str, str]:
    """Role, kind and rule for a line no furniture rule matched."""
    words = len(text.split())
    ends_sentence = text.endswith(TERMINAL)
    if text.endswith("?") and words <= MAX_HEADING_WORDS and is_title_case(text):
        return "heading", "", "question_heading"
    if not ends_sentence:
        if not seen_body and words <= MAX_TITLE_WORDS and is_title_case(text):
            return "title", "", "headline_before_body"
        if words <= MAX_HEADING_WORDS and is_title_case(text):
            return "heading", "", "short_title_case_line"
        if words <= MAX_HEADING_WORDS:
            return "furniture", "fragment", "short_line_without_sentence_punctuation"
    return "body", "", ""


def clean_text(text: str, article_id: str = "", overrides: Iterable[Override] = (),
               rules: tuple[Rule, ...] | None = None) -> CleanArticle:
    """Classify every non-empty line of an article and collect its body paragraphs.

    Args:
        text: the article text, line ends normalised (see `corpus.normalize_text`).
        article_id: the article's id, to pick its overrides.
        overrides: hand corrections; those of other articles are ignored.
        rules: furniture rules (default: the project's rules file).

    Returns:
        The cleaned article: one `Line` per non-empty raw line, inline removals and paragraphs.
    """
    rules = load_rules() if rules is None else rules
    by_text = {o.line: o for o in overrides if o.article_id == article_id}
    line_rules = [r for r in rules if r.scope == "line"]
    tail_rules = [r for r in rules if r.scope == "tail"]
    inline_rules = [r for r in rules if r.scope == "inline"]

    result = CleanArticle()
    seen: set[str] = set()
    in_tail: Rule | None = None
    heading = ""
    seen_body = False
    for line_no, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        bullet = BULLET.match(raw)
        content = bullet.group("text").strip() if bullet else stripped
        role, kind, rule_name = "body", "", ""
        override = by_text.get(stripped)
        line_rule = next((r for r in line_rules if r.pattern.fullmatch(stripped)), None)
        tail_rule = next((r for r in tail_rules if r.pattern.fullmatch(stripped)), None)
        if override:
            role, kind, rule_name = override.role, override.kind, "override"
        elif in_tail or tail_rule:
            in_tail = tail_rule or in_tail
            matched = tail_rule or line_rule
            role = "furniture"
            kind = matched.kind if matched else in_tail.kind
            rule_name = matched.name if matched else f"after_{in_tail.name}"
        elif line_rule:
            role, kind, rule_name = "furniture", line_rule.kind, line_rule.name
        elif stripped in seen:
            role, kind, rule_name = "furniture", "repeated", "repeated_block"
        elif not bullet:
            role, kind, rule_name = _structural_role(stripped, seen_body)
            if role == "title" and result.title:
                role, rule_name = "heading", "short_title_case_line"
        seen.add(stripped)
        if role == "body":
            cuts = []
            for rule in inline_rules:
                for match in rule.pattern.finditer(content):
                    cuts.append(InlineRemoval(line_no, match.group(0).strip(), rule.kind,
                                              rule.name))
                # Patterns carry the white space to cut with them; " " would leave "list ."
                content = rule.pattern.sub("", content)
            content = re.sub(r"\s{2,}", " ", content).strip()
            if content:
                result.inline_removals += cuts
                seen_body = True
                result.paragraphs.append(Paragraph(len(result.paragraphs) + 1, line_no,
                                                   content, heading, bool(bullet)))
            else:  # the line held nothing but inline furniture, e.g. "(opens in a new tab)"
                role, kind, rule_name = "furniture", cuts[-1].kind, cuts[-1].rule
        elif role == "heading":
            heading = stripped
        result.lines.append(Line(line_no, stripped, role, kind, rule_name, bool(bullet)))

    unused = set(by_text) - {line.text for line in result.lines if line.rule == "override"}
    if unused:
        raise CleaningRuleError(f"cleaning override(s) for article {article_id!r} match no line: "
                                + "; ".join(sorted(map(repr, unused))))
    return result
