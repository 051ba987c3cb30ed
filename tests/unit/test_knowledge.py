"""The knowledge data loads, is complete, and a malformed file fails with a clear message."""

import shutil
from pathlib import Path

import pytest
import yaml

from bot import knowledge
from bot.knowledge import KNOWLEDGE_DIR, KnowledgeError, load

SEED_NUMBERS = {  # literal checks against the seed page (../shared/seed)
    "DMHC": "1-888-466-2219",
    "HICAP": "1-800-434-0222",
    "MEDI_CAL_OMBUDSMAN": "1-888-452-8609",
    "CDI": "1-800-927-4357",
}


def test_seed_phone_numbers_are_in_the_data():
    kb = load()
    for agency, phone in SEED_NUMBERS.items():
        assert kb.agencies[agency].phone == phone
    assert kb.agencies["CDI"].phone_words == "1-800-927-HELP"


def test_every_agency_and_contact_has_a_source():
    kb = load()
    for agency in kb.agencies.values():
        assert agency.sources and all(s.startswith("http") for s in agency.sources)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def _edit(directory: Path, name: str, change) -> None:
    path = directory / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_copy_loads(knowledge_copy):
    assert load(knowledge_copy).agencies["DMHC"].phone == SEED_NUMBERS["DMHC"]


def test_missing_key_names_file_and_key(knowledge_copy):
    _edit(knowledge_copy, "agencies.yml", lambda d: d["agencies"]["DMHC"].pop("phone"))
    with pytest.raises(KnowledgeError, match=r"agencies\.yml: agencies\.DMHC\.phone: missing key"):
        load(knowledge_copy)


def test_badly_written_phone_is_refused(knowledge_copy):
    _edit(knowledge_copy, "agencies.yml", lambda d: d["agencies"]["HICAP"].update(phone="800 434 0222"))
    with pytest.raises(KnowledgeError, match=r"agencies\.yml: agencies\.HICAP\.phone: .*not written like"):
        load(knowledge_copy)


def test_gap_in_decision_table_is_refused(knowledge_copy):
    def drop_medicare(d):
        d["routes"] = [r for r in d["routes"] if r["coverage"] != "medicare"]

    _edit(knowledge_copy, "routing.yml", drop_medicare)
    with pytest.raises(KnowledgeError, match=r"routing\.yml: routes: no row for coverage=medicare"):
        load(knowledge_copy)


def test_overlap_in_decision_table_is_refused(knowledge_copy):
    _edit(knowledge_copy, "routing.yml", lambda d: d["routes"].append(dict(d["routes"][0], agency="CDI")))
    with pytest.raises(KnowledgeError, match=r"routing\.yml: routes: 2 rows for coverage=hmo"):
        load(knowledge_copy)


def test_unknown_agency_in_a_row_is_refused(knowledge_copy):
    _edit(knowledge_copy, "routing.yml", lambda d: d["routes"][0].update(agency="FBI"))
    with pytest.raises(KnowledgeError, match=r"routing\.yml: routes\[0\]\.agency: 'FBI' is not one of"):
        load(knowledge_copy)


def test_broken_yaml_syntax_names_the_file(knowledge_copy):
    (knowledge_copy / "plans.yml").write_text("plans: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"plans\.yml: not valid YAML"):
        load(knowledge_copy)


def test_unknown_placeholder_is_refused(knowledge_copy):
    _edit(knowledge_copy, "routing.yml", lambda d: d["extras"].update(unknown="Call {NOPE.phone}."))
    with pytest.raises(KnowledgeError, match=r"extras\.unknown: unknown reference \{NOPE\.phone\}"):
        load(knowledge_copy)


def test_alias_in_two_entries_is_refused(knowledge_copy):
    _edit(knowledge_copy, "plans.yml", lambda d: d["plans"]["aetna"]["aliases"].append("kaiser"))
    with pytest.raises(KnowledgeError, match=r"plans\.yml: plans\.aetna\.aliases: 'kaiser' is also an alias"):
        load(knowledge_copy)


def test_numbers_live_only_in_agencies_yml():
    """Phone numbers are written once: other knowledge files use {AGENCY.phone} references."""
    import re

    phone = re.compile(r"\b1-\d{3}-\d{3}-\d{4}\b")
    for name in knowledge.FILES:
        if name != "agencies.yml":
            assert not phone.findall((KNOWLEDGE_DIR / name).read_text()), name


def test_fact_ids_exist_in_the_fact_sheet():
    facts = Path(__file__).resolve().parents[3] / "shared" / "domain" / "facts.md"
    if not facts.exists():
        pytest.skip("fact sheet not beside this checkout")
    text = facts.read_text()
    import re

    for name in knowledge.FILES:
        for fact in set(re.findall(r"\bF\d+\.\d+\b", (KNOWLEDGE_DIR / name).read_text())):
            assert f"**{fact}**" in text, f"{name} cites {fact}, which facts.md does not have"


# ---- Translations (bot/knowledge/<language>/) ----


def test_spanish_knowledge_has_the_same_facts_and_spanish_text():
    english, spanish = load(), load(language="es")
    for key, agency in english.agencies.items():
        other = spanish.agencies[key]
        assert (other.phone, other.tty, other.website, other.form) == (
            agency.phone,
            agency.tty,
            agency.website,
            agency.form,
        )
    assert spanish.routes == english.routes and spanish.grievance_first == english.grievance_first
    assert {k: (c.months, c.days) for k, c in spanish.clocks.items()} == {
        k: (c.months, c.days) for k, c in english.clocks.items()
    }
    changed = [k for k in english.extras if english.extras[k] != spanish.extras[k]]
    assert changed == list(english.extras), "every extra is translated"
    assert spanish.first_steps[("DMHC", "imr")]["default"] != english.first_steps[("DMHC", "imr")]["default"]


@pytest.mark.parametrize(
    "change, complaint",
    [
        (
            lambda d: d["deadlines"]["DMHC"].update(imr=d["deadlines"]["DMHC"]["imr"].replace("6", "8")),
            r"deadlines\.DMHC\.imr: numbers differ",
        ),
        (lambda d: d["extras"].pop("urgent"), r"extras\.urgent: missing translation"),
        (lambda d: d["extras"].update(anthem_or_blue_shield_ppo="Llame al CDI."), r"placeholders differ"),
        (lambda d: d.update(routes=[]), r"not text to translate: routes"),
    ],
)
def test_a_bad_translation_is_refused_with_the_file_and_key(knowledge_copy, change, complaint):
    _edit(knowledge_copy, "es/routing.yml", change)
    with pytest.raises(KnowledgeError, match=rf"es/routing\.yml: .*{complaint}"):
        load(knowledge_copy, language="es")


def test_an_unknown_language_is_refused():
    with pytest.raises(KnowledgeError, match="unknown language"):
        load(language="fr")


def test_a_plan_without_steps_or_with_an_unknown_clock_is_refused(knowledge_copy):
    _edit(
        knowledge_copy,
        "next_steps.yml",
        lambda d: d["plans"]["DMHC"]["imr"]["default"].update(use_clocks=["dmhc", "soon"]),
    )
    with pytest.raises(
        KnowledgeError, match=r"next_steps\.yml: plans\.DMHC\.imr\.default\.use_clocks: 'soon' is not one of"
    ):
        load(knowledge_copy)
