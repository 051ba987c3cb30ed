"""The problem-kind classifier (bot/problem_kinds/classifier.py) and how bot/understanding uses it: only
for a first story the cue words leave unread, only when it is sure, a denial only when something was
refused, and always said back to confirm."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import problem_kinds
from bot.problem_kinds import classifier
from bot.understanding import extract, problem

# Told without any word the cues know, so only the classifier can place it.
UNREAD = "my family has had so much trouble with these people and honestly i am just so tired of all of it"
REFUSED = "they rejected it again and my wife is beside herself about the whole thing honestly"


def _guessing(monkeypatch, kind: str, probability: float, refusal: float = None) -> None:
    if refusal is None:
        refusal = probability if kind in problem_kinds.REASONS else 1 - probability
    denial = kind if kind in problem_kinds.REASONS else "medical_necessity"
    monkeypatch.setattr(classifier, "guess", lambda text: classifier.Guess(kind, probability, refusal, denial))


def test_a_very_sure_guess_on_a_short_message_needs_no_confirmation(monkeypatch):
    # "the hospital wants $9,000 and i can't pay it, i have no money": the referral at once (a kind with
    # no `guessed_with` words: Medicare's and Covered California's need their names in the story)
    _guessing(monkeypatch, "hospital_bill", problem.MODEL_SURE + 0.05)
    got = extract("problem_other", [], None, {}, confidence=0.7, text=UNREAD)
    assert got["problem_detail"] == "hospital_bill" and not got.get("problem_guess")
    story = f"{UNREAD}. It has been months. We are worn out."  # three sentences are always said back
    assert extract("problem_other", [], None, {}, confidence=0.7, text=story)["problem_guess"] == "yes"


def test_a_short_message_the_nlu_did_not_take_for_a_problem_is_not_guessed(monkeypatch):
    _guessing(monkeypatch, "uninsured", 0.99)
    assert problem.MODEL_WORDS <= len("I don't know what kind of plan I have".split()) < problem.STORY_WORDS
    got = extract("coverage_unknown", [], None, {}, confidence=0.9, text="I don't know what kind of plan I have")
    assert got.get("problem_detail") is None


def test_the_stories_really_are_unread_by_the_cues():
    assert problem_kinds.read(UNREAD).problem is None
    assert problem_kinds.read(REFUSED).problem is None
    assert problem_kinds.in_group("denial_words", REFUSED)
    assert not problem_kinds.in_group("denial_words", UNREAD)


def test_a_sure_guess_names_the_kind_and_is_confirmed(monkeypatch):
    _guessing(monkeypatch, "surprise_bill", problem.MODEL_FLOOR + 0.1)
    got = extract("problem_other", [], None, {}, confidence=0.7, text=UNREAD)
    assert got["problem"] == "other"
    assert got["problem_detail"] == "surprise_bill"
    assert got["problem_guess"] == "yes"  # said back with a button, never acted on silently


def test_an_unsure_guess_changes_nothing(monkeypatch):
    _guessing(monkeypatch, "covered_california", problem.MODEL_FLOOR - 0.05)
    got = extract("problem_other", [], None, {}, confidence=0.7, text=UNREAD)
    assert got.get("problem_detail") is None


def test_a_denial_guess_needs_a_refusal_in_the_words_or_a_very_sure_guess(monkeypatch):
    _guessing(monkeypatch, "experimental", problem.MODEL_DENIAL_FLOOR - 0.05)
    assert extract("problem_other", [], None, {}, confidence=0.7, text=UNREAD).get("problem") != "experimental"
    got = extract("problem_other", [], None, {}, confidence=0.7, text=REFUSED)
    assert (got["problem"], got["problem_guess"]) == ("experimental", "yes")
    # "they say it wasn't a real emergency": no refusal word, but the classifier is sure
    _guessing(monkeypatch, "emergency_payment", problem.MODEL_DENIAL_FLOOR + 0.05)
    assert extract("problem_other", [], None, {}, confidence=0.7, text=UNREAD)["problem"] == "emergency_payment"


def test_short_messages_and_known_problems_are_left_to_the_rest(monkeypatch):
    _guessing(monkeypatch, "hospital_bill", 0.99)
    assert (
        problem._model_reading("they said no to it", problem_kinds.read("they said no to it"), "problem_other") is None
    )
    known = {"problem": "medical_necessity"}
    got = extract("problem_other", [], None, known, confidence=0.7, text=UNREAD)
    assert got.get("problem_detail") is None


def test_a_weak_kind_the_cues_read_is_overruled_only_by_a_sure_guess(monkeypatch):
    text = "Covered California cut my tax credit and now my premium doubled, what can I do about it"
    assert problem_kinds.read(text).detail == "covered_california"
    assert "covered_california" not in problem_kinds.default().strong
    _guessing(monkeypatch, "hospital_bill", problem.MODEL_OVERRULE_FLOOR - 0.05)
    assert extract("problem_other", [], None, {}, confidence=0.7, text=text)["problem_detail"] == "covered_california"
    _guessing(monkeypatch, "hospital_bill", problem.MODEL_OVERRULE_FLOOR + 0.05)
    got = extract("problem_other", [], None, {}, confidence=0.7, text=text)
    assert (got["problem_detail"], got["problem_guess"]) == ("hospital_bill", "yes")
    # a refusal overrules it only when the classifier is very sure
    _guessing(monkeypatch, "emergency_payment", problem.MODEL_DENIAL_FLOOR - 0.05)
    assert extract("problem_other", [], None, {}, confidence=0.7, text=text)["problem_detail"] == "covered_california"
    _guessing(monkeypatch, "emergency_payment", problem.MODEL_DENIAL_FLOOR + 0.05)
    assert extract("problem_other", [], None, {}, confidence=0.7, text=text)["problem"] == "emergency_payment"


def test_a_strong_kind_the_cues_read_is_overruled_only_by_a_very_sure_guess_and_never_by_a_denial(monkeypatch):
    text = "My Medi-Cal got cut off because the county says we make too much money now, I need it back"
    assert problem_kinds.read(text).detail in problem_kinds.default().strong
    _guessing(monkeypatch, "hospital_bill", problem.MODEL_STRONG_FLOOR - 0.05)
    assert extract("problem_other", [], None, {}, confidence=0.7, text=text)["problem_detail"] == "medi_cal_eligibility"
    _guessing(monkeypatch, "medical_necessity", 0.99)
    assert extract("problem_other", [], None, {}, confidence=0.7, text=text)["problem_detail"] == "medi_cal_eligibility"
    _guessing(monkeypatch, "hospital_bill", problem.MODEL_STRONG_FLOOR + 0.05)
    got = extract("problem_other", [], None, {}, confidence=0.7, text=text)
    assert (got["problem_detail"], got["problem_guess"]) == ("hospital_bill", "yes")


def test_every_corpus_label_is_a_kind_the_assistant_routes():
    known = set(problem_kinds.default().kinds) | set(problem_kinds.REASONS) | {"plan_service"}
    labels = {kind for _, kind in classifier.examples()}
    assert labels and labels <= known, labels - known


def test_a_corpus_item_without_text_fails_at_load(tmp_path: Path):
    (tmp_path / "bad.yml").write_text(yaml.safe_dump({"examples": [{"kind": "drug_cost"}]}))
    with pytest.raises(ValueError, match="bad.yml"):
        classifier.examples(tmp_path)


def test_the_model_learns_from_its_corpus(tmp_path: Path):
    """Trained on a corpus, it places new wordings near their kind (the letter runs carry typos)."""
    corpus = {
        "examples": [
            {"kind": "drug_cost", "text": t} for t in ("copay for my insulin is too high", "cant afford my meds copay")
        ]
        + [
            {"kind": "access_delay", "text": t}
            for t in ("waited months for an appointment", "no appointment for weeks")
        ]
    }
    (tmp_path / "c.yml").write_text(yaml.safe_dump(corpus))
    model = classifier.KindModel(classifier.examples(tmp_path))
    assert model.guess("the copay on my inslin").kind == "drug_cost"
    assert model.guess("still waiting on an apointment").kind == "access_delay"


def test_a_guess_that_agrees_with_the_nlu_adds_no_confirmation(monkeypatch):
    # "medi cal no me paga la ambulancia...": the NLU sure of an emergency denial, the classifier 0.66 sure
    # of the same; the short message still gets its answer without "Is that right?" (scripted_es).
    _guessing(monkeypatch, "emergency_payment", problem.MODEL_SURE - 0.1)
    got = extract("problem_emergency_payment", [], None, {}, confidence=0.98, text=REFUSED)
    assert got["problem"] == "emergency_payment" and not got.get("problem_guess")


def test_words_scattered_in_a_story_give_way_to_a_refusal_the_classifier_reads(monkeypatch):
    # "appointments" and "3 months" in different sentences read as a wait (`together` words); the story
    # says the plan will not authorize the pacemaker: the classifier's refusal wins at its own floor.
    text = "I drive my mom to all her appointments. The plan will not authorize the pacemaker and wants another test in 3 months."
    cues = problem_kinds.read(text)
    assert (cues.detail, cues.loose) == ("access_delay", True) and problem_kinds.in_group("denial_words", text)
    _guessing(monkeypatch, "medical_necessity", problem.MODEL_LOOSE_DENIAL_FLOOR - 0.05)
    assert extract("problem_other", [], None, {}, confidence=0.7, text=text)["problem_detail"] == "access_delay"
    _guessing(monkeypatch, "medical_necessity", problem.MODEL_LOOSE_DENIAL_FLOOR + 0.05)
    got = extract("problem_other", [], None, {}, confidence=0.7, text=text)
    assert (got["problem"], got["problem_guess"]) == ("medical_necessity", "yes")
    # a kind read from one sentence needs the classifier very sure to become a refusal
    one = "The first appointment they gave me is in 5 months, the plan will not authorize anything sooner."
    assert problem_kinds.read(one).detail == "access_delay" and not problem_kinds.read(one).loose
    assert extract("problem_other", [], None, {}, confidence=0.7, text=one)["problem_detail"] == "access_delay"


def test_the_nlu_and_a_sure_classifier_agreeing_on_a_refusal_keep_it_without_refusal_words(monkeypatch):
    # "su plan contesto que ese tratamiento todavia se considera de investigacion" (dev5): no refusal
    # word, so the NLU's reading alone would be a plain complaint (`_not_a_denial`); both agreeing keep it.
    _guessing(monkeypatch, "experimental", problem.MODEL_DENIAL_FLOOR + 0.05)
    assert extract("problem_experimental", [], None, {}, confidence=0.85, text=UNREAD)["problem"] == "experimental"
    _guessing(monkeypatch, "experimental", problem.MODEL_DENIAL_FLOOR - 0.05)
    assert extract("problem_experimental", [], None, {}, confidence=0.85, text=UNREAD)["problem"] == "other"


def test_a_story_the_classifier_finds_almost_no_refusal_in_is_not_an_imr_denial(monkeypatch):
    # en-726: a hospital bill whose claim "was never paid", read by the NLU as an ER denial. "Covered" is
    # one of the denial words, but no refusal is said in so many words.
    told = "my wife and i thought it was all covered and honestly we are just so tired of all of it now"
    assert problem_kinds.read(told).problem is None and len(told.split()) >= problem.STORY_WORDS
    assert problem_kinds.in_group("denial_words", told) and not problem_kinds.in_group("refusal_said", told)
    nlu = "problem_emergency_payment"
    _guessing(monkeypatch, "hospital_bill", 0.4, refusal=problem.MODEL_REFUSAL_VETO - 0.05)
    assert extract(nlu, [], None, {}, confidence=0.8, text=told)["problem"] == "other"
    _guessing(monkeypatch, "hospital_bill", 0.4, refusal=problem.MODEL_REFUSAL_VETO + 0.05)
    assert extract(nlu, [], None, {}, confidence=0.8, text=told)["problem"] == "emergency_payment"
    # a refusal said in words ("they rejected it") is never vetoed
    _guessing(monkeypatch, "hospital_bill", 0.4, refusal=0.01)
    assert problem_kinds.in_group("refusal_said", REFUSED)
    assert extract(nlu, [], None, {}, confidence=0.8, text=REFUSED)["problem"] == "emergency_payment"


def test_one_plain_sentence_the_nlu_reads_as_a_denial_keeps_it_unless_the_classifier_is_sure(monkeypatch):
    # "My dad's Medicare Advantage plan stopped paying for his skilled nursing, they say he isn't improving"
    # (scripted): the NLU's reading gets its referral at once; a modest guess does not ask to confirm.
    refused = REFUSED.replace("my wife is", "my dad on medicare is")
    assert len(problem_kinds.sentences(refused)) == 1 and problem_kinds.read(refused).problem is None
    _guessing(monkeypatch, "medicare_non_denial", problem.MODEL_SURE - 0.05)
    got = extract("problem_medical_necessity", [], None, {}, confidence=0.99, text=refused)
    assert got["problem"] == "medical_necessity" and got.get("problem_detail") is None
    _guessing(monkeypatch, "medicare_non_denial", problem.MODEL_SURE + 0.05)
    got = extract("problem_medical_necessity", [], None, {}, confidence=0.99, text=refused)
    assert got["problem_detail"] == "medicare_non_denial"
    # ... and never when the story does not name Medicare (dev8 es-042: "todavia no tiene Medicare").
    got = extract("problem_medical_necessity", [], None, {}, confidence=0.99, text=REFUSED)
    assert got.get("problem_detail") != "medicare_non_denial"


def test_covered_california_is_guessed_only_when_the_story_names_it_its_help_or_a_premium(monkeypatch):
    # probe s9: "they cancelled my insurance saying I didn't pay" (an Anthem plan bought directly)
    cancelled = "they cancelled my insurance saying I didnt pay but I did pay, I have the bank statements to prove it"
    assert problem_kinds.read(cancelled).problem is None
    _guessing(monkeypatch, "covered_california", 0.9)
    assert extract("problem_other", [], None, {}, confidence=0.7, text=cancelled).get("problem_detail") is None
    named = cancelled + " and the premium was paid on time every month"
    assert extract("problem_other", [], None, {}, confidence=0.7, text=named)["problem_detail"] == "covered_california"


def test_a_refusal_said_is_a_denial_when_the_classifiers_denials_together_are_likely(monkeypatch):
    # "Cigna la negó diciendo que no hay indicación" (dev6 d6es-021): no kind first, but the three denials
    # together past MODEL_REFUSAL_MASS; the guess is confirmed.
    text = "Cigna me la nego diciendo que no hay indicacion y pagamos la prima puntual todos los meses"
    assert not problem_kinds.read(text).problem and problem_kinds.in_group("refusal_said", text)
    _guessing(monkeypatch, "plan_service", 0.4, refusal=problem.MODEL_REFUSAL_MASS + 0.05)
    got = extract("problem_other", [], None, {}, confidence=0.9, text=text)
    assert (got["problem"], got["problem_guess"]) == ("medical_necessity", "yes")
    _guessing(monkeypatch, "plan_service", 0.4, refusal=problem.MODEL_REFUSAL_MASS - 0.05)
    assert extract("problem_other", [], None, {}, confidence=0.9, text=text).get("problem") != "medical_necessity"


@pytest.mark.parametrize(
    "text",
    [
        "Nobody has said no to anything, my therapist just has no openings for nine weeks at a time",
        "Nadie nos nego nada, la agencia simplemente no tiene terapeutas y ya van cinco meses",
    ],
)
def test_a_refusal_said_not_to_have_happened_is_not_one(text):
    # dev6 d6en-033, d6es-045: "nobody said no" is a wait, never the refusal words.
    assert not problem_kinds.in_group("refusal_said", text)
