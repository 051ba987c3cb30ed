"""Letters that are not a health plan's denial, read with their kind and routed by it: a Notice of
Medicare Non-Coverage (care ending in days) goes to the BFCC-QIO's fast appeal, in either language
(probe s10 P12). Expected agencies are read from problem_kinds.yml."""

from datetime import date

import pytest

from bot import context, problem_kinds
from bot.knowledge import default
from bot.letter import case as letter_case
from bot.letter.fields import read_fields
from bot.routing import route

TODAY = date(2026, 12, 2)
NOMNC_EN = """Notice of Medicare Non-Coverage
Patient name: Harold Jennings   Patient number: 55120
THE EFFECTIVE DATE COVERAGE OF YOUR CURRENT SKILLED NURSING SERVICES WILL END: December 4, 2026
Your Medicare provider and/or health plan have determined that Medicare probably will not pay for your current
skilled nursing services after the effective date indicated above.
You must make your request to your Quality Improvement Organization (also known as a QIO).
Date of notice: December 2, 2026"""
NOMNC_ES = """AVISO DE NO COBERTURA DE MEDICARE
Fecha: 30 de noviembre de 2026
Paciente: Eulalia Barragan Sotomayor
El efecto de este aviso: Medicare probablemente no pagara sus servicios actuales de enfermeria especializada
despues del 3 de diciembre de 2026."""


def _fast_appeal():
    kind = problem_kinds.default().kinds["medicare_non_denial"]
    return next(r for r in kind.routes if r.when == "leaving_now")


@pytest.mark.parametrize("text, language", [(NOMNC_EN, "en"), (NOMNC_ES, "es")])
def test_a_notice_of_medicare_non_coverage_goes_to_the_fast_appeal(text, language):
    fields = read_fields(text, today=TODAY)
    assert (fields.coverage, fields.problem, fields.problem_detail) == ("medicare", "other", "medicare_non_denial")
    stored = letter_case.stored_fields(fields.as_dict())
    assert "Jennings" not in str(stored) and "Barragan" not in str(stored)
    metadata = {letter_case.LETTER: stored}
    slots = {**letter_case.case_updates(metadata), **letter_case.slot_updates(metadata, {}, TODAY)}
    ref = route(context.case(slots), default(language))
    expected = _fast_appeal()
    assert (ref.agency.key, ref.pathway) == (expected.agency, expected.pathway)
    assert slots.get("problem_words") is None, "the letter's words are not the person's (the summary quotes those)"


def test_a_medicare_letter_without_the_notice_stays_with_the_default_medicare_route():
    text = "Medicare Summary Notice\nDate: November 2, 2026\nAmbulance claim denied. You may owe $1,200."
    fields = read_fields(text, today=TODAY)
    assert fields.kind_words is None
    kind = problem_kinds.default().kinds["medicare_non_denial"]
    ref = route(context.case({"coverage": "medicare", "problem": "other", "problem_detail": kind.key}), default())
    assert (ref.agency.key, ref.pathway) == (kind.routes[-1].agency, kind.routes[-1].pathway)


def test_a_county_ccs_notice_goes_to_the_ccs_office_not_a_medi_cal_plan_appeal():
    # probe s11 (probe 7) E10: read as a Medi-Cal plan's denial (60-day plan appeal, then the DMHC).
    text = """Tehama County CCS Program
NOTICE OF ACTION
November 16, 2026
California Children's Services has denied the request for bilateral leg braces because the medical
information does not support medical necessity. You may file a First Level Appeal within 30 days."""
    fields = read_fields(text, today=TODAY)
    assert (fields.problem, fields.problem_detail, fields.letter_date) == ("other", "ccs", "2026-11-16")
    metadata = {letter_case.LETTER: letter_case.stored_fields(fields.as_dict())}
    slots = {**letter_case.case_updates(metadata), **letter_case.slot_updates(metadata, {}, TODAY)}
    ref = route(context.case(slots), default())
    assert ref.agency.key == problem_kinds.default().kinds["ccs"].routes[0].agency
