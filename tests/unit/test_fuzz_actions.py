"""Fuzz the pure functions the actions call with whatever a channel or a forged payload can send."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge import default
from bot.redact import redact
from bot.replies import ask
from bot.understanding import CASE_SLOTS, extract

anything = st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats(allow_nan=False), st.booleans())
entity = st.fixed_dictionaries({"entity": st.sampled_from(["plan", "coverage_type", "other", ""]), "value": anything})
intents = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["affirm", "deny", "dont_know", "inform_coverage", "problem_other", "coverage_unknown"]),
)
slots = st.fixed_dictionaries({name: anything for name in CASE_SLOTS})


@settings(max_examples=300, deadline=None)
@given(
    intent=intents,
    entities=st.lists(entity, max_size=4),
    requested=st.one_of(st.none(), st.sampled_from(["problem", "coverage", "coverage_detail", "fair_hearing"])),
    current=slots,
)
def test_extract_never_crashes_and_only_sets_known_values(intent, entities, requested, current):
    current = {k: v for k, v in current.items() if k != "attempts" and k != "plan"}
    updates = extract(intent, entities, requested, current)
    kb = default()
    assert set(updates) <= set(CASE_SLOTS)
    assert updates.get("coverage") in (None, *kb.coverages)
    assert updates.get("problem") in (None, *kb.problems)


@settings(max_examples=200, deadline=None)
@given(
    slot=st.sampled_from(["problem", "coverage", "coverage_detail", "fair_hearing"]), plan=anything, pending=anything
)
def test_every_question_has_text_and_buttons(slot, plan, pending):
    reply = ask(slot, {"plan": plan if isinstance(plan, str) else None, "coverage_pending": pending})
    assert reply["text"] and reply["buttons"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_redaction_never_crashes_and_is_stable(text):
    once = redact(text)
    assert redact(once) == once
