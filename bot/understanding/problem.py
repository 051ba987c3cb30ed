"""What a message says about the problem: the words of the story (bot/problem_kinds/) and the NLU's
intent together, and when a problem already known may change."""

from __future__ import annotations

from typing import Any, Dict, Iterable, Mapping, Optional, Sequence, Tuple

from bot import problem_kinds
from bot.knowledge import Knowledge
from bot.language import fold
from bot.problem_kinds import REASONS, Reading, classifier
from bot.understanding.coverage import lookup
from bot.understanding.attempts import FORGET_GUESS, REASON_UNKNOWN
from bot.understanding.intents import PROBLEM_INTENTS, SIDE_INTENTS, TELLING_INTENTS, YES_NO, asks_aside
from bot.understanding.words import CORRECTION, IMR_WORDS, hearing_said

# A problem already given is only replaced by a confident new one (or an answer to the question):
# a stray, half-understood message must not silently change the route.
PROBLEM_CHANGE_CONFIDENCE = 0.95
# A problem read from a story this long (sentences), or from the NLU with less confidence than
# this, is said back with a button to confirm it; a plain short message never is.
CONFIRM_SENTENCES = 3
CONFIRM_CONFIDENCE = 0.6
# The NLU's IMR denial intents, and how many words make a message a story whose words are trusted to
# say whether anything was refused (`_not_a_denial`).
DENIAL_INTENTS = ("problem_medical_necessity", "problem_experimental", "problem_emergency_payment")
STORY_WORDS = 12
# "English please" is only a request; "English please, my insurance won't pay my MRI" tells the problem
# too, and the words after the request are read (probe s10 M05).
LANGUAGE_REQUEST_WORDS = 4
# The classifier (bot/problem_kinds/classifier.py) names the kind of a first story that the cue words
# leave unread when it is at least MODEL_FLOOR sure. It overrules a weak kind the cues read when at
# least MODEL_OVERRULE_FLOOR sure, and a strong kind (never with a denial) when MODEL_STRONG_FLOOR sure;
# a denial reason the cues read is never overruled. It names a refusal only when the story says
# something was refused (and the cues read nothing, or only `together` words scattered in the story),
# or when it is MODEL_DENIAL_FLOOR sure ("they say it wasn't an emergency").
# Floors chosen on the independent dev3 and dev4_es sets (session 9: on them the classifier alone was
# right in 7 of 8 and 9 of 9 of its disagreements with a weak or strong cue), at the cost of 7 of the
# 1,306 stories in the tuned sets, where the cue words were written for those stories. A floor of 0.8
# to give a kind up for the catch-all plain complaint was tried: +6 tuned, -3 on dev3/dev4_es/dev5; it is
# kept only for the kinds problem_cues.yml calls `close_to` each other (access_delay and plan_service).
MODEL_FLOOR = 0.5
MODEL_OVERRULE_FLOOR = 0.6
MODEL_STRONG_FLOOR = 0.8
MODEL_DENIAL_FLOOR = 0.8
MODEL_LOOSE_DENIAL_FLOOR = 0.7  # a refusal over a kind read from scattered words (en-176 at 0.68 is a drug's cost)
MODEL_SURE = 0.8
# Under this, the classifier's three denials together veto the NLU's denial of a story with no denial
# reason read: on the tuned and dev sets every such denial that was right had at least 0.32, the one
# bill story read as a denial 0.04 (session 9).
MODEL_REFUSAL_VETO = 0.15
# A story that says a refusal in words (`refusal_said`), whose kind nothing else reads, is a denial when
# the classifier's three denials together are at least this likely, even when no one of them comes
# first ("Cigna la negó diciendo que no hay indicación": 0.62 in all, its best kind 0.48). On the tuned
# and dev sets (session 10): 2 stories right, none wrong; the highest non-denial there had 0.30.
MODEL_REFUSAL_MASS = 0.5
MODEL_WORDS = 8


def reading(
    intent: Optional[str], text: str, requested_slot: Optional[str], slots: Mapping[str, Any], updates: Mapping
) -> Optional[Reading]:
    """What the words say about the problem, for this message at this point of the conversation."""
    found = _read_problem(intent, text, requested_slot, bool(slots.get("problem")))
    if found is None and intent in TELLING_INTENTS and not slots.get("problem") and text and not text.startswith("/"):
        # A first message the NLU took for a date or a question, that states the problem (probe F15, F16).
        read = problem_kinds.read(text)
        found = read if read.problem else None
    if not (found and found.problem) and _not_covered_first(intent, text, requested_slot, slots):
        # "Blue Shield says residential treatment isn't covered under my plan": a benefit the plan says
        # it does not cover, as at the reason question (F1.4; probe P32).
        found = Reading("other", None, len(problem_kinds.sentences(text)), 0)
    if found is not None and not slots.get("problem"):
        found = _model_reading(text, found, intent) or found
    named_plan = any(slots.get(k) or updates.get(k) for k in ("coverage", "plan", "coverage_pending"))
    if found is None and requested_slot and text and not text.startswith("/"):
        # A strong kind named at any question, however the NLU took it ("CCS" read as "yes"; probe F21).
        read = problem_kinds.read(text)
        found = read if read.detail in problem_kinds.default().strong else None
    if found is not None and found.detail == "uninsured" and named_plan:
        # "Covered California took me off, now I'm uninsured", "now I have no coverage, it's Blue Shield
        # PPO": a plan is named, so the problem is with it (a cancellation), not having none.
        found = None
    return found


def _model_reading(text: str, cues: Reading, intent: Optional[str]) -> Optional[Reading]:
    """The classifier's kind for a story the cue words leave unread, or read as another kind, if sure enough
    (the floors above). A short message the NLU did not take for a problem ("I don't know what kind of
    plan I have") is not asked. Its guess is confirmed when it overrules the cues or is less than
    MODEL_SURE sure; a short, plain message it is sure of gets the referral at once ("my mom's nursing
    home care ends friday")."""
    strong = cues.problem == "other" and cues.detail in problem_kinds.default().strong
    words = len(text.split())
    telling = intent in PROBLEM_INTENTS or intent == "report_denial" or words >= STORY_WORDS
    if cues.problem and cues.problem != "other" or words < MODEL_WORDS or not telling:
        return None  # a denial reason said in words decides
    guess = classifier.guess(text)
    count = len(problem_kinds.sentences(text))
    if intent not in DENIAL_INTENTS and _refusal_in_mass(text, cues, guess):
        return Reading(guess.denial, None, count, None, guess=True)
    if guess is None or guess.kind == (cues.detail or cues.problem):
        return None  # what the cues already say
    plain = intent in DENIAL_INTENTS and len(problem_kinds.sentences(text)) < 2
    if not cues.problem and plain and guess.probability < MODEL_SURE:
        return None  # one plain sentence the NLU reads as a denial: the NLU's, unless the classifier is sure
    if (
        not cues.problem
        and guess.kind == PROBLEM_INTENTS.get(intent)
        and (guess.kind not in REASONS or problem_kinds.in_group("denial_words", text))
    ):
        return None  # what the NLU already says (its confidence decides the confirmation)
    close = guess.kind in problem_kinds.default().close_to.get(cues.detail or "", ())
    floor = MODEL_STRONG_FLOOR if strong or close else MODEL_OVERRULE_FLOOR if cues.problem else MODEL_FLOOR
    if guess.probability < floor or problem_kinds.set_aside(guess.kind, text):
        return None  # not sure enough; or "charged me twice" is the insurer's, not Covered California's
    unsure = bool(cues.problem) or guess.probability < MODEL_SURE
    if guess.kind == "plan_service":  # a plain complaint: what an unread story already is
        return Reading("other", None, count, None, guess=True) if cues.problem else None
    if guess.kind in REASONS:  # a refusal, and not for a paperwork reason (`_not_a_denial`)
        said = problem_kinds.in_group("denial_words", text) and (
            not cues.problem or cues.loose and guess.probability >= MODEL_LOOSE_DENIAL_FLOOR
        )
        refused = not strong and (said or guess.probability >= MODEL_DENIAL_FLOOR)
        if not refused or problem_kinds.in_group("administrative_reason", text):
            return None
        return Reading(guess.kind, None, count, None, guess=unsure)
    return Reading("other", guess.kind, count, None, guess=unsure)


def _refusal_in_mass(text: str, cues: Reading, guess: Optional[classifier.Guess]) -> bool:
    """Whether a story no cue reads, and the NLU does not take for a denial, says a refusal that the
    classifier's denials, together, make likely."""
    return bool(
        guess
        and not cues.detail
        and guess.denial
        and guess.refusal >= MODEL_REFUSAL_MASS
        and problem_kinds.in_group("refusal_said", text)
        and not problem_kinds.in_group("administrative_reason", text)
    )


def from_reading(
    found: Optional[Reading], intent: Optional[str], confidence: float, text: str
) -> Tuple[Optional[str], float, bool]:
    """The intent and confidence once the words are read, and whether the problem is a guess to confirm."""
    if found is not None and found.problem:
        # The sentence that states the problem decides, whatever the whole message was classified as.
        intent = f"problem_{found.problem}"
        if intent != "problem_other" or found.detail:
            confidence = max(confidence, PROBLEM_CHANGE_CONFIDENCE)
        return intent, confidence, found.guess or found.sentences >= CONFIRM_SENTENCES
    if _not_a_denial(intent, text):
        intent = "problem_other"  # a story that names no refusal is not an IMR denial (issue 14)
    if intent in PROBLEM_INTENTS:
        return (
            intent,
            confidence,
            confidence < CONFIRM_CONFIDENCE or len(problem_kinds.sentences(text)) >= CONFIRM_SENTENCES,
        )
    return intent, confidence, False


def _not_a_denial(intent: Optional[str], text: str) -> bool:
    """Whether the NLU read a story as an IMR denial that names no refusal: no denial reason was read
    (the caller's case) and none of problem_cues.yml's `denial_words` is in it (waits, bills,
    premiums, bad service), or none of `refusal_said` and the classifier finds almost no refusal in it
    ("the hospital says it sent the claim and it was never paid", en-726). Such a story is a plain problem with the plan, never the
    IMR path; a short message keeps the NLU's reading ("my MRI")."""
    if intent not in DENIAL_INTENTS or not text or text.startswith("/"):
        return False
    if problem_kinds.in_group("administrative_reason", text):
        return True  # refused for a paperwork reason (the assigned doctor, a wrong form): a complaint
    if len(text.split()) < STORY_WORDS:
        return False
    if not problem_kinds.in_group("denial_words", text):
        return True
    guess = None if problem_kinds.in_group("refusal_said", text) else classifier.guess(text)
    return bool(guess and guess.refusal < MODEL_REFUSAL_VETO)


def set_problem(
    intent: Optional[str],
    found: Optional[Reading],
    confidence: float,
    guessed: bool,
    requested_slot: Optional[str],
    slots: Mapping[str, Any],
    updates: Dict[str, Any],
    text: str,
) -> None:
    """The problem, its kind and whether it is a guess to confirm, when this message may set them."""
    detail = found.detail if found is not None else None
    strong = _strong_kind_decides(found, requested_slot, slots, text)
    # A question asked at "Is that right?" with no reason in its words ("can't I use my Medi-Cal for the
    # surgery?") does not replace the kind read from the story, whatever the NLU called it (probe s11 S13).
    asked = requested_slot == "problem_confirmed" and not (found and found.problem) and asks_aside(text)
    if (
        intent in PROBLEM_INTENTS
        and not asked
        and (
            strong
            or _may_set_problem(PROBLEM_INTENTS[intent], requested_slot, slots, confidence, bool(updates), detail)
        )
    ):
        updates["problem"] = PROBLEM_INTENTS[intent]
        updates["problem_detail"] = detail
        confirming = requested_slot in ("problem", "problem_confirmed") or text.startswith("/")
        updates["problem_guess"] = "yes" if guessed and not confirming else None
        updates["problem_confirmed"] = "yes" if requested_slot == "problem_confirmed" else None
        implied = problem_kinds.implied_coverage(updates["problem_detail"])
        if implied and not slots.get("coverage") and "coverage" not in updates:
            updates.update(coverage=implied, coverage_pending=None)
    elif requested_slot == "problem_confirmed" and intent in YES_NO:
        if intent == "affirm" or hearing_said(text):
            # "no he pedido audiencia" at "Is that right?": the hearing's no, going on with the case (probe s10 S29)
            updates["problem_confirmed"] = "yes"
        else:
            updates.update(FORGET_GUESS)
    if requested_slot == "problem_confirmed" and intent != "deny" and updates and "problem" not in updates:
        updates["problem_confirmed"] = "yes"  # going on with the case ("we have Kaiser") keeps the guess
    denial_told_late(intent, found, text, requested_slot, slots, updates)


def _strong_kind_decides(
    found: Optional[Reading], requested_slot: Optional[str], slots: Mapping[str, Any], text: str
) -> bool:
    """A strong kind ("CCS", "Medi-Cal cut me off") decides at a question or before any problem, or in a
    correction ("no, es por mi trabajo, me lastime el hombro... es workers comp", probe s13 12 es16); a
    problem already told is not replaced by one named later in passing."""
    if found is None or found.detail not in problem_kinds.default().strong:
        return False
    if requested_slot or not slots.get("problem"):
        return True
    return found.detail != slots.get("problem_detail") and bool(CORRECTION.search(fold(text)))


def denial_told_late(
    intent: Optional[str],
    found: Optional[Reading],
    text: str,
    requested_slot: Optional[str],
    slots: Mapping[str, Any],
    updates: Dict[str, Any],
) -> None:
    """A refusal told at the coverage question when the problem was left as the catch-all, never
    described (two "I don't know"s at the reason question, probe s10 E17): the case takes it, with its
    reason if one is said, else as a denial whose reason is unknown (the agency reads the letter, F1.4)."""
    if requested_slot != "coverage" or "problem" in updates or updates.get("coverage"):
        return
    if slots.get("problem") != "other" or slots.get("problem_detail") or slots.get("problem_words"):
        return
    reason = found.problem if found is not None and found.problem in REASONS else PROBLEM_INTENTS.get(intent or "")
    if reason in REASONS:
        updates.update(problem=reason, problem_detail=None)
    elif says_denial(text):
        updates.update(problem="medical_necessity", problem_detail=None, problem_confirmed=REASON_UNKNOWN)


def short_answer(requested_slot: Optional[str], text: str, found: Optional[Reading]) -> Optional[str]:
    """A short answer at a question that the NLU does not place: "not covered" at the reason
    question, "go back" at any question (problem_cues.yml `answer_*` groups)."""
    if not requested_slot or not text or text.startswith("/") or len(text.split()) > 6:
        return None
    if (
        requested_slot == "problem"
        and not (found and found.problem)
        and problem_kinds.in_group("answer_not_covered", text)
    ):
        return "not_covered"
    if problem_kinds.in_group("answer_go_back", text):
        return "back"
    return None


def no_insurance(text: str, values: Sequence[Any], requested_slot: Optional[str], kb: Knowledge) -> bool:
    """Whether the person says they have no health insurance: the coverage question's button, the
    words (problem_cues.yml `uninsured`), or a bare "none" at the coverage question."""
    if any(e.key == "uninsured" for e in lookup(values, kb)):
        return True
    if not text or text.startswith("/"):
        return False
    short = requested_slot == "coverage" and len(text.split()) <= 3 and problem_kinds.in_group("uninsured_short", text)
    return short or problem_kinds.names_kind("uninsured", text)


def _not_covered_first(intent: Optional[str], text: str, requested_slot: Optional[str], slots: Mapping) -> bool:
    """A message, before any question, that says only that the plan does not cover something (no reason
    the words could place, whatever denial the NLU guessed: "Blue Shield said the therapy is not a covered
    benefit" is not "not medically necessary"): problem_cues.yml `answer_not_covered`."""
    return (
        not requested_slot
        and not slots.get("problem")
        and intent != "report_denial"  # a denial gets the reason question, where "not covered" is an answer
        and bool(text)
        and not text.startswith("/")
        and problem_kinds.in_group("answer_not_covered", text)
    )


def says_denial(text: Optional[str]) -> bool:
    """Whether a message says the plan said no (problem_cues.yml `denial`), whatever its reason."""
    return bool(text) and not text.startswith("/") and problem_kinds.in_group("denial", text)


# A message this long is a story told to a health-plan helper: after the 911 advice its questions go on, so
# a letter to a senator with an overdose in its history is not left at "call 911" (dev15 blind d15en-009).
STORY_LENGTH = 40


def tells_problem(text: Optional[str]) -> bool:
    """Whether a message tells a plan problem: a refusal, a kind its words name, or a whole story (the
    questions go on after the 911 advice when danger is told with one, probe s12 8 c13, 10 s07)."""
    return (
        says_denial(text)
        or bool(text and problem_kinds.read(text).problem)
        or len((text or "").split()) >= STORY_LENGTH
    )


def named_as_facility(entities: Iterable[Mapping[str, Any]], text: str) -> bool:
    """Whether every plan named is the name of a hospital or clinic ("Kaiser hospital", "el hospital
    de Kaiser"; problem_cues.yml `facility_after_name`, `facility_before_name`): said by someone
    without insurance, it is not their plan."""
    plans = [e for e in entities if e.get("entity") == "plan" and isinstance(e.get("end"), int)]
    return bool(plans) and all(
        problem_kinds.in_group("facility_after_name", text[e["end"] :])
        or isinstance(e.get("start"), int)
        and problem_kinds.in_group("facility_before_name", text[: e["start"]])
        for e in plans
    )


def _read_problem(
    intent: Optional[str], text: str, requested_slot: Optional[str], problem_known: bool = False
) -> Optional[Reading]:
    """What the words say about the problem, for a message that may be telling it: not a button,
    not a yes/no, not a side question about the IMR itself ("is the IMR free?"). Before the problem
    is known, a story read as a question about the process ("they want to send my mother home
    tomorrow...") is read too: actions/answers.py then goes on to the referral."""
    if (
        not text
        or text.startswith("/")
        or intent in ("affirm", "deny", "restart", "delete_conversation")
        or intent == "switch_language"
        and len(text.split()) <= LANGUAGE_REQUEST_WORDS
    ):
        return None
    if intent == "dont_know" and requested_slot:
        return None  # "not sure if my social worker asked for it" answers the open question
    if intent == "ask_followup" and not problem_known:
        return problem_kinds.read(text)
    if intent == "medical_emergency":
        # a story the NLU read as an emergency, with no danger now (es-124), or danger now told with the plan
        # problem ("me duele el pecho ahorita... kaiser no me pago la emergencia"): the 911 advice comes first
        # (actions/answers.py), the problem is kept (probe s13 12 es33)
        return problem_kinds.read(text)
    if intent in SIDE_INTENTS and (
        intent not in ("ask_imr_cost", "ask_imr_what", "ask_imr_who") or IMR_WORDS.search(fold(text))
    ):
        return None
    return problem_kinds.read(text)


def _may_set_problem(
    problem: str,
    requested_slot: Optional[str],
    slots: Mapping[str, Any],
    confidence: float,
    answered_coverage: bool,
    detail: Optional[str] = None,
) -> bool:
    """A problem already known changes only when asked, or on a confident message that is about the
    problem: not one that answers the coverage question ("it's an HMO, my son helps me with the
    papers"), and never to "other", the catch-all a chatty message most often lands in, unless the
    words name a kind and the problem known is the catch-all ("a problem with my Medi-Cal", then "it
    got cancelled, I never sent back the renewal papers")."""
    if requested_slot in ("problem", "problem_confirmed") or not slots.get("problem"):
        return True
    named = bool(detail) and slots.get("problem") == "other" and not slots.get("problem_detail")
    return confidence >= PROBLEM_CHANGE_CONFIDENCE and not answered_coverage and (problem != "other" or named)
