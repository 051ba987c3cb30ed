"""Letters probe 5 (session 11) on phone photos: a Medi-Cal Rx denial, an EOB, a Covered California
notice, a hospital's statement, a Spanish dental letter and a Notice of Medicare Non-Coverage, each
rendered from made-up text (tests/letters/corpus.py's page and phone photo) and read by OCR."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from bot.letter import read_upload
from tests.letters import corpus

TODAY = date(2026, 12, 2)


def _letter(key, language, header, date_line, body):
    return corpus.Letter(key, language, header, date_line, body)


LETTERS = {
    "medi_cal_rx": _letter(
        "medi_cal_rx",
        "en",
        ["Medi-Cal Rx - Department of Health Care Services", "PRIOR AUTHORIZATION DENIAL - NOTICE OF ACTION"],
        "Date: November 17, 2026",
        [
            "Drug requested: Trulicity 1.5 mg pen",
            "Medi-Cal Rx has denied the prior authorization request for the drug listed above. The drug is not "
            "medically necessary at this time. You have the right to ask for a State Hearing.",
        ],
    ),
    "eob": _letter(
        "eob",
        "en",
        ["Health Net of California - EXPLANATION OF BENEFITS", "THIS IS NOT A BILL"],
        "Service date: 09/08/2026   Provider: Delta Anesthesia Partners (out of network)",
        ["Statement date: October 21, 2026", "Amount not covered: $2,960.00"],
    ),
    "covered_ca": _letter(
        "covered_ca",
        "en",
        ["Covered California - Eligibility Notice"],
        "Notice Date: November 10, 2026",
        [
            "Your eligibility for the Advanced Premium Tax Credit has ended, effective January 1, 2027.",
            "If you do not agree with this decision, you may appeal within 90 days of the date of this notice.",
        ],
    ),
    "hospital": _letter(
        "hospital",
        "en",
        ["Sequoia Ridge Medical Center - Patient Statement"],
        "Statement date: November 12, 2026",
        [
            "Emergency department visit 09/25/2026. Amount due: $11,380.00",
            "Financial assistance is available. Ask about our Charity Care and Discount Payment policies.",
        ],
    ),
    "dental_es": _letter(
        "dental_es",
        "es",
        ["Plan Dental Brisamar de California", "Plan dental HMO"],
        "Fecha: 5 de noviembre de 2026",
        [
            "Hemos revisado la solicitud de una corona para el diente 14. La solicitud fue negada porque, "
            "según las radiografías, el tratamiento no es necesario en este momento."
        ],
    ),
    "nomnc": _letter(
        "nomnc",
        "en",
        ["NOTICE OF MEDICARE NON-COVERAGE"],
        "Date of notice: November 30, 2026",
        [
            "THE EFFECTIVE DATE COVERAGE OF YOUR CURRENT HOME HEALTH SERVICES WILL END: December 3, 2026",
            "Call your Quality Improvement Organization no later than noon of the day before the effective date above.",
        ],
    ),
}

EXPECTED = {
    "medi_cal_rx": {"coverage": "medi_cal_managed_care", "coverage_detail": "medi_cal_rx", "letter_date": "2026-11-17"},
    "eob": {"plan": "health_net", "letter_date": "2026-10-21"},
    "covered_ca": {"problem_detail": "covered_california", "letter_date": "2026-11-10"},
    "hospital": {"problem_detail": "hospital_bill", "letter_date": "2026-11-12"},
    "dental_es": {"problem": "medical_necessity", "letter_date": "2026-11-05", "coverage": "hmo"},
    "nomnc": {"problem_detail": "medicare_non_denial", "coverage_detail": None, "care_ends": "2026-12-03"},
}


def test_probe5_letters_on_phone_photos_are_read_with_their_kind_and_date():
    keys = list(LETTERS)
    photos = [corpus.phone_photo(corpus.render(LETTERS[key]), seed=50 + i) for i, key in enumerate(keys)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        readings = list(pool.map(lambda data: read_upload(data, TODAY), photos))
    wrong = {}
    for key, reading in zip(keys, readings):
        got = reading.fields.as_dict() if reading.fields else {"error": reading.error}
        bad = {k: (got.get(k), v) for k, v in EXPECTED[key].items() if got.get(k) != v}
        if bad:
            wrong[key] = bad
    assert not wrong
