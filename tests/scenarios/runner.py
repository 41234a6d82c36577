"""Play a conversation scenario against the real servers, the way its person would.

A scenario (tests/scenarios/<lang>.yml, written from a product brief by people who never saw
the code; format in that brief, `tests/scenarios/README.md`) gives what the person types
first, what they answer to each question the assistant may ask, what they type instead the
first time a question comes (a change of mind), and what must hold at the end.

The runner answers whatever the assistant asks, in the order it asks. A question is
recognised by its text in the conversation's language: every `utter_ask_<key>` response of
domain.yml (and its `utter_invalid_<key>` re-ask), translated through the catalogs, plus the
few questions composed by actions (`EXTRA_QUESTIONS`). Nothing here reads the servers'
internals: only what a person sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, List

import yaml

from bot.facts import read_facts
from bot.i18n import SUPPORTED_LANGUAGES, gettext

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = Path(__file__).resolve().parent
MAX_TURNS = 30
DEFAULT_REPLY = "utter_default"  # "Sorry, I did not understand that. …"
# Questions composed by actions rather than spoken as `utter_ask_<key>` (English msgids).
EXTRA_QUESTIONS: Dict[str, List[str]] = {
    "confirm": ["Shall I write the letter?"],
    "authority": ["Which data protection authority is yours?"],
    "sent_date": ["On which day did you send"],
    "track": ["Shall I keep track of this request?"],
}
# Keys the brief lets a scenario answer, mapped to the responses that ask them.
RESPONSE_KEYS = {"request_confirmed": "confirm", "tracking_form_sent_date": "sent_date",
                 "request_form_sent_date": "sent_date", "offer_tracking": "track",
                 # the brief's one answer about an extension answers both of its questions
                 "extension_notice_date": "extension", "extension_reasons_given": "extension",
                 "clarify": "clarify", "id_method_other_law": "id_method"}
# "Did you mean …?" buttons: the person clicks the one for the letter they came for.
GOAL_INTENTS = {
    "access": ("request_access",), "erasure": ("request_erasure",),
    "objection": ("request_objection",), "follow_up": ("no_response", "report_problem"),
    "complaint": ("file_complaint", "no_response", "report_problem"),
}
LETTER_TYPES = {
    "access": ("access",), "erasure": ("erasure",), "objection": ("objection",),
    "follow_up": ("reminder", "follow-up", "section 164a", "s.164a", "complaint to you"),
    "complaint": ("complaint", "plainte", "beschwerde", "klacht", "reclamo", "reclamación",
                  "苦情"),
}
_ARTICLE = r"(?:art(?:\.|icle|ikel|icolo|ículo|iculo|igo)?s?|第)\s*"
_PARAGRAPH = r"(?:lid|leden|abs\.|absatz|paragraphe|par\.|apartado|paragrafo|comma|§)"
_SECTION = r"(?:s\.|ss\.|section|sections|sec\.|§)\s*"
LAW_MARKERS = {
    "GDPR": (r"GDPR|RGPD|DSGVO|AVG|GDPR|一般データ保護規則|Regulation \(EU\) 2016/679",),
    "UK_GDPR": (r"UK GDPR|Data Protection Act 2018|DPA 2018",),
    "FADP": (r"FADP|LPD|DSG|nLPD|revDSG|Federal Act on Data Protection",),
    "PIPEDA": (r"PIPEDA|Personal Information Protection and Electronic Documents Act",),
    "CCPA": (r"CCPA|CPRA|California Consumer Privacy Act|1798\.1",),
    "PRIVACY_ACT_AU": (r"Privacy Act 1988|Australian Privacy Principle|APP ?1[23]",),
    "LGPD": (r"LGPD|13\.709",),
}


def provision_pattern(key: str) -> re.Pattern[str]:
    """A citation such as "GDPR:17(1)(c)", "DPA2018:164A" or "CCPA:1798.105" as a regex
    that finds it in a letter in any of the letter languages."""
    law, _, number = key.partition(":")
    escaped = re.escape(number)
    if law == "DPA2018":
        return re.compile(rf"(?i){_SECTION}{escaped}(?![\dA-Z])")
    if law == "CCPA":
        return re.compile(rf"(?i){escaped}(?!\d)")
    if law == "APP":
        return re.compile(rf"(?i)(?:APP|principle)\s*{escaped}(?!\d)")
    if law == "PIPEDA":
        return re.compile(rf"(?i)(?:{_SECTION}|{_ARTICLE}|paragraph\s*)?{escaped}(?![\d(])")
    simple = re.fullmatch(r"(\d+)\((\d+)\)", number)
    if simple:  # "12(3)" is also "artikel 12, lid 3", "Art. 12 Abs. 3", "第12条第3項"
        article, paragraph = simple.groups()
        return re.compile(
            rf"(?i){_ARTICLE}{article}(?:\({paragraph}\)|,?\s*{_PARAGRAPH}\s*{paragraph}"
            rf"|条第?{paragraph}項)(?![\d(])")
    return re.compile(rf"(?i){_ARTICLE}{escaped}(?![\d(])")


@lru_cache(maxsize=1)
def domain_responses() -> Dict[str, str]:
    """Every domain response's English text by name."""
    data = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return {name: variants[0].get("text") or "" for name, variants in data["responses"].items()}


def _first_sentence(text: str) -> str:
    """The start of a question: enough to recognise it, robust to placeholders after it."""
    head = re.split(r"\{|\n", text, maxsplit=1)[0].strip()
    return head[:80]


@cache
def question_texts(language: str) -> Dict[str, List[str]]:
    """key -> the beginnings of the texts that ask it, in `language`."""
    found: Dict[str, List[str]] = {}
    for name, text in domain_responses().items():
        match = re.fullmatch(r"utter_(?:ask|invalid)_(\w+)", name)
        if not match:
            continue
        key = RESPONSE_KEYS.get(match.group(1), match.group(1))
        found.setdefault(key, []).append(_first_sentence(gettext(language, text)))
    for name, key in RESPONSE_KEYS.items():
        text = domain_responses().get(f"utter_{name}")
        if text:
            found.setdefault(key, []).append(_first_sentence(gettext(language, text)))
    for key, msgids in EXTRA_QUESTIONS.items():
        for msgid in msgids:
            found.setdefault(key, []).append(_first_sentence(gettext(language, msgid)))
    return {key: [t for t in texts if len(t) >= 8] for key, texts in found.items()}


@cache
def _sentences(language: str) -> frozenset[str]:
    """Distinctive sentences the assistant says in `language` (for language checks)."""
    out = set()
    for text in domain_responses().values():
        for sentence in re.split(r"(?<=[.!?。])\s+|\n", gettext(language, text)):
            if len(sentence) >= 40:
                out.add(sentence.strip())
    return frozenset(out)


def foreign_sentences(text: str, language: str) -> List[str]:
    """Sentences of `text` that are the assistant's own words in another language."""
    own = _sentences(language)
    found = []
    for other in SUPPORTED_LANGUAGES:
        if other == language:
            continue
        for sentence in _sentences(other) - own:
            if sentence in text:
                found.append(f"[{other}] {sentence[:60]}")
    return found


@dataclass
class Turn:
    said: str
    replies: List[Dict[str, Any]]
    asked: List[str]
    # A reply to an opening message that the person follows with more opening messages:
    # they type those before reading it (the brief: "what the person types first, before
    # any question"), so what it asks is not yet asked of them.
    unread: bool = False


@dataclass
class Report:
    """What happened: the turns, the questions asked, the letters, and what went wrong."""

    scenario_id: str
    turns: List[Turn] = field(default_factory=list)
    letters: List[Dict[str, Any]] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)

    def asked(self) -> List[str]:
        return [key for turn in self.turns if not turn.unread for key in turn.asked]

    def asked_per_attempt(self) -> List[List[str]]:
        """The questions asked, split where the person asked to start again ("can we start
        again from scratch?"): the assistant forgets the answers then, as it says, so asking
        them again in the next attempt is what it should do."""
        attempts: List[List[str]] = [[]]
        for turn in self.turns:
            if read_facts(turn.said).restart:
                attempts.append([])
            if not turn.unread:
                attempts[-1].extend(turn.asked)
        return attempts

    def transcript(self) -> str:
        lines = [f"== {self.scenario_id}"]
        for turn in self.turns:
            lines.append(f"> {turn.said}")
            for reply in turn.replies:
                text = (reply.get("text") or "").replace("\n", " ")
                lines.append(f"  < {text[:220]}")
            if turn.asked:
                lines.append(f"  (asked: {', '.join(turn.asked)})")
        return "\n".join(lines)


def asked_in(replies: List[Dict[str, Any]], language: str) -> List[str]:
    """The questions the replies ask, in order (the last one is the one to answer)."""
    asked = []
    texts = question_texts(language)
    for reply in replies:
        text = reply.get("text") or ""
        hits = [(text.find(t), key) for key, ts in texts.items() for t in ts if t in text]
        if hits:
            asked.append(max(hits)[1])  # the question that comes last in the message
    return asked


def letters_in(replies: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The letters sent (not the reading copies in the person's language)."""
    return [r for r in replies
            if (r.get("custom") or {}).get("type") == "letter"
            and not (r.get("custom") or {}).get("translation")]


def letter_type(letter: Dict[str, Any]) -> str | None:
    custom = letter.get("custom") or {}
    if custom.get("request_type"):
        return str(custom["request_type"])
    subject = str(custom.get("subject") or letter.get("text", "").split("\n", 1)[0]).lower()
    for kind in ("follow_up", "complaint", "objection", "erasure", "access"):
        if any(word in subject for word in LETTER_TYPES[kind]):
            return kind
    return None


def play(send: Callable[[str, str], List[Dict[str, Any]]], sender: str,
         scenario: Dict[str, Any], language: str) -> Report:
    """Type the scenario's messages and answers; return what happened."""
    report = Report(scenario["id"])
    answers: Dict[str, str] = dict(scenario.get("answers") or {})
    pending = dict(scenario.get("interjections") or {})

    def say(text: str) -> List[str]:
        replies = send(sender, text)
        asked = asked_in(replies, language)
        report.turns.append(Turn(text, replies, asked))
        report.letters += letters_in(replies)
        return asked

    asked: List[str] = []
    opening = list(scenario.get("opening") or [])
    for number, text in enumerate(opening, start=1):
        asked = say(text)
        report.turns[-1].unread = number < len(opening)
    while asked and len(report.turns) < MAX_TURNS:
        key = asked[-1]
        if key == "clarify":
            choice = clarify_choice(report.turns[-1].replies, scenario)
            if choice is None:
                report.problems.append("asked to clarify, with no option for what they want")
                break
            asked = say(choice)
            continue
        if key in pending:
            asked = say(pending.pop(key))
            continue
        if key not in answers:
            report.problems.append(f"asked for {key!r}, which the scenario does not answer")
            break
        if report.letters and key != "track":
            break  # the letter is written: what follows is another conversation
        asked = say(answers[key])
        if key == "track":
            break
    return report


def clarify_choice(replies: List[Dict[str, Any]], scenario: Dict[str, Any]) -> str | None:
    """The payload of the clarifying button that leads to the scenario's letter, if any;
    without a letter to reach (a question, guidance), the first option, as a person taps
    the assistant's best guess."""
    goal = ((scenario.get("expect") or {}).get("letter") or {}).get("type")
    payloads = [str(b.get("payload", "")) for r in replies for b in r.get("buttons") or []]
    if goal is None:
        return next((p for p in payloads if p.startswith("/")), None)
    for intent in GOAL_INTENTS.get(goal or "", ()):  # the closest meaning first
        if f"/{intent}" in payloads:
            return f"/{intent}"
    return None


def check(report: Report, scenario: Dict[str, Any], language: str) -> List[str]:
    """Every expectation of the scenario that does not hold."""
    expect = scenario.get("expect") or {}
    problems = list(report.problems)
    asked = report.asked()
    for key in expect.get("not_asked") or []:
        if key in asked:
            problems.append(f"asked for {key!r}, which the person had already given")
    interjected = set(scenario.get("interjections") or {})
    if asked.count("clarify") > 1:
        problems.append(f"asked to clarify {asked.count('clarify')} times")
    for attempt in report.asked_per_attempt():
        for key in sorted(set(attempt)):
            allowed = 3 if key in interjected else 2
            if attempt.count(key) > allowed:
                problems.append(f"asked for {key!r} {attempt.count(key)} times")
    replies = [r for turn in report.turns for r in turn.replies]
    spoken = "\n".join(r.get("text") or "" for r in replies
                       if (r.get("custom") or {}).get("type") not in ("letter",
                                                                      "letter_downloads"))
    foreign = foreign_sentences(spoken, language)
    if foreign:
        problems.append(f"said in another language: {foreign[:3]}")
    # Any one of the words (the key's name; writers list alternatives: "個人情報保護法",
    # "APPI", "個人情報保護委員会").
    said = spoken.lower() + "\n" + "\n".join((lt.get("text") or "").lower()
                                           for lt in report.letters)
    wanted = expect.get("says_any") or []
    if wanted and not any(word.lower() in said for word in wanted):
        problems.append(f"never said any of {wanted!r}")
    if expect.get("no_default"):
        problems += [f"answered {turn.said!r} with only {DEFAULT_REPLY!r}"
                     for turn in report.turns if _only_default(turn.replies, language)]
    letter = expect.get("letter")
    if expect.get("no_letter"):
        if report.letters:
            problems.append("wrote a letter where none may be written")
    elif letter:
        problems += _check_letter(report, letter, scenario)
    return problems


def _only_default(replies: List[Dict[str, Any]], language: str) -> bool:
    """The assistant's whole answer was "I did not understand" (`utter_default`)."""
    default = gettext(language, domain_responses()[DEFAULT_REPLY])
    texts = [(r.get("text") or "").strip() for r in replies if r.get("text")]
    return bool(texts) and all(text == default for text in texts)


def _check_letter(report: Report, letter: Dict[str, Any], scenario: Dict[str, Any]) -> List[str]:
    if not report.letters:
        return ["no letter was written"]
    sent = report.letters[-1]
    text = sent.get("text") or ""
    problems = []
    wanted = letter.get("type")
    if wanted and letter_type(sent) != wanted:
        problems.append(f"wrote a {letter_type(sent)} letter, not {wanted}")
    law = letter.get("law")
    if law:
        if not any(re.search(p, text) for p in LAW_MARKERS.get(law, ())):
            problems.append(f"the letter does not name the {law}")
        if law == "GDPR" and re.search(r"UK GDPR", text):
            problems.append("a GDPR letter cites the UK GDPR")
        if law not in ("GDPR", "UK_GDPR") and re.search(r"\bGDPR\b|\bRGPD\b|\bDSGVO\b", text):
            problems.append(f"a {law} letter cites the GDPR")
    for key in letter.get("cites") or []:
        if not provision_pattern(key).search(text):
            problems.append(f"the letter does not cite {key}")
    for key in letter.get("not_cites") or []:
        if provision_pattern(key).search(text) and _law_named(key, text):
            problems.append(f"the letter cites {key}")
    name = letter.get("name")
    if name:
        if name not in text:
            problems.append(f"the letter is not signed {name!r}")
        typed = (scenario.get("answers") or {}).get("full_name", "")
        if typed and typed != name and typed in text:
            problems.append(f"the letter carries the whole answer {typed!r}")
    recipient = letter.get("recipient")
    if recipient and recipient.lower() not in text.lower():
        problems.append(f"the letter is not addressed to {recipient!r}")
    return problems


def _law_named(key: str, text: str) -> bool:
    """A provision of another law with the same number is not a citation of this one."""
    law = key.partition(":")[0]
    markers = {"GDPR": "GDPR", "UK_GDPR": "UK_GDPR"}.get(law)
    if markers is None:
        return True
    return any(re.search(p, text) for p in LAW_MARKERS[markers])


def load_scenarios() -> List[tuple[str, Dict[str, Any]]]:
    """(language, scenario) for every scenario file."""
    found = []
    for path in sorted(SCENARIO_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for scenario in data["scenarios"]:
            found.append((data["language"], scenario))
    return found
