"""A new kind of coverage, agency, pathway and language are data changes: made-up ones from fixtures
(tests/fixtures/data_changes/), merged into a copy of the knowledge data, load and get a referral
with no code changed (issue 10)."""

import shutil
from pathlib import Path

import pytest
import yaml

from bot import action_plan, language, messages, replies
from bot.knowledge import KNOWLEDGE_DIR, KnowledgeError, load, words
from bot.routing import Case, needs_fair_hearing, route
from bot.understanding import lookup, resolve_coverage

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "data_changes"
PSEUDO = "xx: "  # the made-up language's texts: the English ones, marked


def _merge(base, extra):
    """The fixture's keys added to the data: mappings merged, lists extended."""
    if isinstance(base, dict) and isinstance(extra, dict):
        return {**base, **{k: _merge(base[k], v) if k in base else v for k, v in extra.items()}}
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    return extra


def _data_with(tmp_path: Path, fixture: str) -> Path:
    """A copy of the knowledge data with a fixture's files merged in (YAML) or added."""
    target = tmp_path / "knowledge_data"
    shutil.copytree(KNOWLEDGE_DIR, target)
    for path in sorted((FIXTURES / fixture).rglob("*.yml")):
        into = target / path.relative_to(FIXTURES / fixture)
        extra = yaml.safe_load(path.read_text(encoding="utf-8"))
        if into.exists() and path.name != "languages.yml":
            extra = _merge(yaml.safe_load(into.read_text(encoding="utf-8")), extra)
        into.parent.mkdir(parents=True, exist_ok=True)
        into.write_text(yaml.safe_dump(extra, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def test_a_made_up_coverage_gets_a_referral_in_english_and_spanish(tmp_path):
    data = _data_with(tmp_path, "new_coverage")
    kb, es = load(data), load(data, language="es")
    assert (
        kb.coverages["pilot_plan"] == "A made-up pilot plan"
        and es.coverages["pilot_plan"] == "Un plan piloto inventado"
    )

    # The words for it are read, and decide the coverage.
    assert resolve_coverage(lookup(["pilot plan"], kb), {}, kb)["coverage"] == "pilot_plan"
    assert not needs_fair_hearing("pilot_plan", "medical_necessity", kb)

    ref = route(Case("pilot_plan", "medical_necessity"), kb)
    assert (ref.agency.key, ref.pathway) == ("DMHC", "imr")
    assert ref.first_step == kb.first_steps[("DMHC", "imr")]["default"]
    assert ref.extras == (kb.extras["unknown"], kb.extras["urgent"])
    assert kb.plan_grievance_deadline in ref.deadlines
    assert route(Case("pilot_plan", "experimental"), kb).extras == (kb.extras["unknown"],)
    complaint = route(Case("pilot_plan", "other"), es)
    assert complaint.pathway == "complaint" and [c.key for c in complaint.contacts] == ["medicare"]
    assert (
        complaint.extras == (es.extras["unknown"],)
        and complaint.first_step == es.first_steps[("DMHC", "complaint")]["default"]
    )

    reply = replies.referral(ref, kb)
    assert reply["custom"]["referral"]["coverage"] == "pilot_plan" and kb.agencies["DMHC"].phone in reply["text"]
    assert action_plan.build(ref, kb=kb).steps == kb.step_plans[("DMHC", "imr")].default.steps


def test_a_coverage_without_a_row_is_refused(tmp_path):
    data = _data_with(tmp_path, "new_coverage")
    routing = yaml.safe_load((data / "routing.yml").read_text(encoding="utf-8"))
    routing["routes"] = [
        r for r in routing["routes"] if not (r["coverage"] == "pilot_plan" and r["problems"] == ["other"])
    ]
    (data / "routing.yml").write_text(yaml.safe_dump(routing, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"routing\.yml: routes: no row for coverage=pilot_plan, problem=other"):
        load(data)


def test_a_made_up_agency_and_pathway_get_a_referral_in_english_and_spanish(tmp_path):
    data = _data_with(tmp_path, "new_agency")
    kb, es = load(data), load(data, language="es")
    assert "PILOT_OFFICE" in kb.agencies and kb.pathways[-1] == "pilot_review"
    for problem in kb.problems:
        ref = route(Case("pilot_program", problem), kb)
        assert (ref.agency.key, ref.pathway) == ("PILOT_OFFICE", "pilot_review")
        assert ref.phone == kb.agencies["PILOT_OFFICE"].phone and ref.first_step.startswith("Call the Pilot")
        assert ref.deadlines == (kb.deadlines[("PILOT_OFFICE", "pilot_review")],)
    reply = replies.referral(ref, kb)
    card = reply["custom"]["referral"]
    assert (card["agency"], card["pathway"]) == ("PILOT_OFFICE", "pilot_review") and ref.phone in reply["text"]
    assert action_plan.build(ref, kb=kb).steps == kb.step_plans[("PILOT_OFFICE", "pilot_review")].default.steps
    spanish = route(Case("pilot_program", "other"), es)
    assert spanish.agency.short_name == "la Oficina de Revisión Piloto" and spanish.phone == ref.phone
    assert replies.referral(spanish, es)["text"].count(ref.phone) >= 1


def test_a_route_to_an_unlisted_agency_or_pathway_is_refused(tmp_path):
    data = _data_with(tmp_path, "new_agency")
    routing = yaml.safe_load((data / "routing.yml").read_text(encoding="utf-8"))
    routing["pathways"].remove("pilot_review")
    (data / "routing.yml").write_text(yaml.safe_dump(routing, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"routing\.yml: routes\[\d+\]\.pathway: 'pilot_review' is not one of"):
        load(data)
    agencies = yaml.safe_load((data / "agencies.yml").read_text(encoding="utf-8"))
    del agencies["agencies"]["DMHC"]
    (data / "agencies.yml").write_text(yaml.safe_dump(agencies, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"agencies\.yml: agencies: must define DMHC"):
        load(data)


def _pseudo(english, spanish):
    """The made-up language's text at every place the Spanish file translates: 'xx: ' + the English."""
    if isinstance(spanish, dict):
        return {k: _pseudo(english[k], v) for k, v in spanish.items()}
    if isinstance(spanish, list):
        return [_pseudo(e, s) for e, s in zip(english, spanish)]
    return PSEUDO + " ".join(english.split()) if isinstance(english, str) else english


@pytest.fixture
def made_up_language(tmp_path, monkeypatch):
    data = _data_with(tmp_path, "new_language")
    (data / "xx").mkdir()
    for path in sorted((data / "es").glob("*.yml")):
        english = yaml.safe_load((data / path.name).read_text(encoding="utf-8"))
        translated = _pseudo(english, yaml.safe_load(path.read_text(encoding="utf-8")))
        (data / "xx" / path.name).write_text(yaml.safe_dump(translated, allow_unicode=True), encoding="utf-8")
    wording = tmp_path / "messages"
    shutil.copytree(messages.MESSAGES_DIR, wording)
    english = yaml.safe_load((wording / "en.yml").read_text(encoding="utf-8"))
    (wording / "xx.yml").write_text(
        yaml.safe_dump({k: PSEUDO + v for k, v in english.items()}, allow_unicode=True), encoding="utf-8"
    )
    monkeypatch.setattr(messages, "MESSAGES_DIR", wording)
    monkeypatch.setattr(messages, "LANGUAGES", words.languages(data))
    messages.catalogue.cache_clear()
    yield data
    messages.catalogue.cache_clear()


def test_a_made_up_language_gets_a_referral_in_it(made_up_language):
    every = words.load(made_up_language)
    assert list(every) == ["en", "es", "xx"]
    assert language.decide("zorp blen quiv, tamo fesh", None, every) == "xx"
    assert language.decide("vo exxish", "en", every) == "xx"  # asked for by name
    assert language.decide("hola, necesito ayuda", None, every) == "es"

    kb = load(made_up_language, language="xx")
    ref = route(Case("hmo", "medical_necessity"), kb)
    assert ref.agency.key == "DMHC" and ref.agency.phone == load(made_up_language).agencies["DMHC"].phone
    assert ref.first_step.startswith(PSEUDO) and all(line.startswith(PSEUDO) for line in ref.extras + ref.deadlines)
    reply = replies.referral(ref, kb)
    assert reply["text"].startswith(PSEUDO) and reply["custom"]["referral"]["language"] == "xx"
    assert ref.agency.phone in reply["text"]


def test_a_language_without_every_list_or_file_is_refused(made_up_language):
    path = made_up_language / "words" / "xx.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["patterns"]["emergency"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"words/xx\.yml: patterns\.emergency: missing key"):
        words.load(made_up_language)
    (made_up_language / "xx" / "faq.yml").unlink()
    with pytest.raises(KnowledgeError, match=r"language 'xx' lacks faq\.yml"):
        load(made_up_language)


@pytest.mark.parametrize("lang", words.languages())
def test_every_route_has_a_first_step_steps_and_a_summary_line(lang):
    """What a new route needs besides its row: a first step, the steps after the referral, and the
    summary's 'what I am asking for' line for its pathway (bot/messages/<language>.yml)."""
    kb = load(language=lang)
    details = [d for d in kb.program_details.values() if d.agency]
    for agency, pathway in {(r.agency, r.pathway) for r in kb.routes} | {(d.agency, d.pathway) for d in details}:
        assert kb.first_steps[(agency, pathway)]["default"]
        assert kb.step_plans[(agency, pathway)].default.steps
        assert messages.say(lang, f"asking_{pathway}")
