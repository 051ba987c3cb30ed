"""Session 12: a kind's first step for one coverage (`first_step_for` in problem_kinds.yml). A member of a
job's PPO or dental plan was told what Medi-Cal Rx or Medi-Cal Dental members do (probe s11 7); a person
whose coverage is not known still hears it. Expected texts are read from the knowledge data."""

import shutil

import pytest

from bot import problem_kinds
from bot.knowledge import KNOWLEDGE_DIR, KnowledgeError, default
from bot.problem_kinds.loader import load
from bot.routing import Case, route

LANGS = pytest.mark.parametrize("language", ["en", "es"])


@LANGS
@pytest.mark.parametrize("kind, medi_cal_agency", [("drug_cost", "MEDI_CAL_RX"), ("dental_vision", "MEDI_CAL_DENTAL")])
def test_the_medi_cal_line_is_for_people_whose_coverage_is_not_known(language, kind, medi_cal_agency):
    kb, kinds = default(language), problem_kinds.default(language)
    medi_cal_name = (kinds.agencies.get(medi_cal_agency) or kb.agencies[medi_cal_agency]).short_name.split()[-1]
    unknown = route(Case("unknown", "other", problem_detail=kind), kb).first_step
    employer = route(Case("hmo", "other", problem_detail=kind), kb).first_step
    assert unknown == kinds.kinds[kind].first_step_of("unknown") != employer == kinds.kinds[kind].first_step
    assert "Medi-Cal" in unknown and medi_cal_name in unknown
    assert "Medi-Cal" not in employer


@LANGS
def test_an_insurance_companys_drug_step_names_the_72_hours_not_the_dmhc_cap(language):
    kb, kinds = default(language), problem_kinds.default(language)
    ref = route(Case("other_ppo_or_insurance", "other", problem_detail="drug_cost"), kb)
    assert ref.agency.key == "CDI"
    assert ref.first_step == kinds.kinds["drug_cost"].first_step_of("other_ppo_or_insurance")
    assert "72" in ref.first_step and "250" not in ref.first_step and "DMHC" not in ref.first_step


def test_a_first_step_for_a_coverage_that_does_not_exist_fails_loading(tmp_path):
    shutil.copytree(KNOWLEDGE_DIR, tmp_path / "k")
    kinds = tmp_path / "k" / "problem_kinds.yml"
    kinds.write_text(kinds.read_text().replace("      other_ppo_or_insurance: >-", "      other_ppo: >-", 1))
    with pytest.raises(KnowledgeError, match=r"first_step_for.*'other_ppo' is not one of"):
        load(tmp_path / "k")
