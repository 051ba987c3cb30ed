"""The test set of plan letters, made by the tests: written here (our own wording, modelled on the
kinds of notices plans send), rendered with Pillow as clean pages and as phone photos (turned,
unevenly lit, blurred, noisy, JPEG), and as PDFs with and without a text layer.

Every letter states what a reader should find: coverage, problem, plan, service, date, language.
The names, addresses and member numbers on them are invented, and must never come out.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Invented identifiers printed on every letter: none may appear in anything read or stored.
PERSON = "Maria Q. Testperson"
MEMBER_ID = "XQZ4471920"
ADDRESS = "1234 Fictional Ave, Sacramento, CA 95814"

DMHC_EN = (
    "The California Department of Managed Health Care is responsible for regulating health care service "
    "plans. If you have a grievance against your health plan, you should first telephone your health plan "
    "and use your health plan's grievance process. You may be eligible for an Independent Medical Review "
    "(IMR) of medical decisions about medical necessity, experimental or investigational treatments and "
    "payment disputes for emergency or urgent medical services."
)
DMHC_ES = (
    "El Departamento de Atención Médica Administrada de California es responsable de regular los planes de "
    "servicios de salud. Si tiene una queja contra su plan, primero llame a su plan. Puede tener derecho a "
    "una Revisión Médica Independiente (IMR) sobre tratamientos experimentales o en investigación, necesidad "
    "médica y pagos de servicios de emergencia."
)
CDI_EN = (
    "If you have a complaint you may contact the California Department of Insurance. You may also ask for an "
    "Independent Medical Review if the service was denied as not medically necessary or experimental."
)
CDI_ES = (
    "Si tiene una queja puede comunicarse con el Departamento de Seguros de California. También puede pedir "
    "una Revisión Médica Independiente."
)


@dataclass
class Letter:
    key: str
    language: str
    header: List[str]  # letterhead lines (plan name first)
    date_line: str
    body: List[str]  # paragraphs
    expected: Dict[str, Optional[str]] = field(default_factory=dict)

    def text(self) -> str:
        greeting = "Estimada Maria:" if self.language == "es" else "Dear Maria:"
        closing = (
            "Atentamente,\nDepartamento de Apelaciones" if self.language == "es" else "Sincerely,\nAppeals Department"
        )
        member = (
            f"Miembro: {PERSON}\nNúmero de miembro: {MEMBER_ID}\n{ADDRESS}"
            if self.language == "es"
            else f"Member: {PERSON}\nMember ID: {MEMBER_ID}\n{ADDRESS}"
        )
        parts = ["\n".join(self.header), self.date_line, member, greeting] + self.body + [closing]
        return "\n\n".join(parts)


def _letter(key, language, header, date_line, body, coverage, problem, plan, service, letter_date, detail=None):
    return Letter(
        key,
        language,
        header,
        date_line,
        body,
        {
            "coverage": coverage,
            "problem": problem,
            "plan": plan,
            "service": service,
            "letter_date": letter_date,
            "language": language,
            "coverage_detail": detail,
        },
    )


LETTERS: List[Letter] = [
    _letter(
        "kaiser_mri_en",
        "en",
        ["Kaiser Permanente", "Kaiser Foundation Health Plan, Inc."],
        "October 14, 2026",
        [
            "We reviewed your request for an MRI of the lower back. We denied this request because it is not "
            "medically necessary for your condition.",
            "If you disagree, you may file an appeal within 180 days of the date of this letter.",
            DMHC_EN,
        ],
        "hmo",
        "medical_necessity",
        "kaiser",
        "MRI of the lower back",
        "2026-10-14",
    ),
    _letter(
        "kaiser_knee_es",
        "es",
        ["Kaiser Permanente", "Plan de Salud HMO"],
        "Fecha: 2 de septiembre de 2026",
        [
            "Revisamos su solicitud de una cirugía de rodilla con células madre. La negamos porque el tratamiento es "
            "experimental y no está aprobado.",
            "Puede apelar esta decisión dentro de 180 días.",
            DMHC_ES,
        ],
        "hmo",
        "experimental",
        "kaiser",
        "cirugía de rodilla con células madre",
        "2026-09-02",
    ),
    _letter(
        "blue_shield_er_en",
        "en",
        ["Blue Shield of California", "PPO Plan"],
        "Date: 08/21/2026",
        [
            "We will not pay the claim for your emergency room visit on July 30, 2026. Our review found the visit "
            "did not meet the definition of an emergency.",
            "You have 180 days to file an appeal.",
            DMHC_EN,
        ],
        "anthem_or_blue_shield_ppo",
        "emergency_payment",
        "blue_shield",
        None,
        "2026-08-21",
    ),
    _letter(
        "anthem_ppo_es",
        "es",
        ["Anthem Blue Cross", "Plan PPO"],
        "15 de julio de 2026",
        [
            "Su solicitud de terapia física fue negada porque no es médicamente necesaria según nuestros criterios.",
            "Tiene 180 días para apelar.",
            DMHC_ES,
        ],
        "anthem_or_blue_shield_ppo",
        "medical_necessity",
        "anthem",
        "terapia física",
        "2026-07-15",
    ),
    _letter(
        "anthem_life_en",
        "en",
        ["Anthem Blue Cross Life and Health Insurance Company"],
        "June 3, 2026",
        [
            "Your request for a sleep study was denied. The service is not medically necessary based on the "
            "information we received.",
            "You may appeal within 180 days.",
            CDI_EN,
        ],
        "other_ppo_or_insurance",
        "medical_necessity",
        "anthem",
        "sleep study",
        "2026-06-03",
    ),
    _letter(
        "aetna_life_en",
        "en",
        ["Aetna Life Insurance Company"],
        "Date: September 9, 2026",
        [
            "We denied coverage for proton beam therapy because it is considered experimental and investigational "
            "for your diagnosis.",
            "You can appeal this decision within 180 days.",
            CDI_EN,
        ],
        "other_ppo_or_insurance",
        "experimental",
        "aetna",
        "proton beam therapy",
        "2026-09-09",
    ),
    _letter(
        "cigna_er_es",
        "es",
        ["Cigna Health and Life Insurance Company"],
        "Fecha: 28 de agosto de 2026",
        [
            "No pagaremos el reclamo de su visita a la sala de emergencias del 2 de agosto de 2026.",
            "Puede apelar dentro de 180 días.",
            CDI_ES,
        ],
        "other_ppo_or_insurance",
        "emergency_payment",
        "cigna",
        None,
        "2026-08-28",
    ),
    _letter(
        "medicare_en",
        "en",
        ["Health Net Medicare Advantage", "NOTICE OF DENIAL OF MEDICAL COVERAGE"],
        "October 2, 2026",
        [
            "We denied your request for home health care. This service is not medically necessary for you.",
            "You have 60 days from the date of this notice to ask for a reconsideration.",
        ],
        "medicare",
        "medical_necessity",
        "health_net",
        "home health care",
        "2026-10-02",
    ),
    _letter(
        "medicare_es",
        "es",
        ["SCAN Health Plan", "AVISO DE DENEGACIÓN DE COBERTURA MÉDICA"],
        "Fecha: 19 de octubre de 2026",
        [
            "Negamos su solicitud de un estimulador espinal porque es experimental o en investigación.",
            "Tiene 60 días para pedir una reconsideración. Su plan Medicare Advantage revisará su caso.",
        ],
        "medicare",
        "experimental",
        "scan",  # in the plan list since session 11 (its kind still comes from the letter: Medicare Advantage)
        "estimulador espinal",
        "2026-10-19",
    ),
    _letter(
        "medi_cal_noa_en",
        "en",
        ["L.A. Care Health Plan", "NOTICE OF ACTION"],
        "September 25, 2026",
        [
            "L.A. Care has denied your request for a power wheelchair. The request is not medically necessary.",
            "You have 60 days from the date of this notice to ask for an appeal.",
            DMHC_EN,
        ],
        "medi_cal_managed_care",
        "medical_necessity",
        "la_care",
        "power wheelchair",
        "2026-09-25",
    ),
    _letter(
        "medi_cal_noa_es",
        "es",
        ["IEHP", "AVISO DE ACCIÓN"],
        "5 de octubre de 2026",
        [
            "Negamos su solicitud de una resonancia magnética porque no es médicamente necesaria.",
            "Tiene 60 días para pedir una apelación.",
            DMHC_ES,
        ],
        "medi_cal_managed_care",
        "medical_necessity",
        "iehp",
        "resonancia magnética",
        "2026-10-05",
    ),
    _letter(
        "medi_cal_er_en",
        "en",
        ["CalOptima Health", "NOTICE OF ADVERSE BENEFIT DETERMINATION"],
        "Date: 11/02/2026",
        [
            "We will not pay for your emergency room visit on October 3, 2026. The claim was denied.",
            "You have 60 days to ask for an appeal.",
        ],
        "medi_cal_managed_care",
        "emergency_payment",
        "calOptima",
        None,
        "2026-11-02",
    ),
    _letter(
        "self_funded_en",
        "en",
        ["UnitedHealthcare", "Claims administrator for the Acme Corp. self-funded health plan"],
        "August 12, 2026",
        [
            "Your request for bariatric surgery is denied because it is not medically necessary.",
            "Your plan is governed by ERISA. You may appeal within 180 days.",
        ],
        "other_coverage",
        "medical_necessity",
        "united",
        "bariatric surgery",
        "2026-08-12",
        "employer_self_funded",
    ),
    _letter(
        "fehb_en",
        "en",
        ["Blue Cross and Blue Shield Service Benefit Plan", "Federal Employees Health Benefits Program"],
        "July 7, 2026",
        [
            "We denied your request for a gene therapy infusion because it is experimental or investigational.",
            "You may ask us to reconsider within 6 months. Then you may ask the Office of Personnel Management to review.",
        ],
        "other_coverage",
        "experimental",
        None,
        "gene therapy infusion",
        "2026-07-07",
        "federal_employee",
    ),
    _letter(
        "tricare_en",
        "en",
        ["TRICARE West Region"],
        "Date: October 30, 2026",
        [
            "Your request for an inpatient rehabilitation stay is denied. It is not medically necessary.",
            "You have 90 days to request a reconsideration.",
        ],
        "other_coverage",
        "medical_necessity",
        "tricare",
        "inpatient rehabilitation stay",
        "2026-10-30",
        "tricare",
    ),
    _letter(
        "va_es",
        "es",
        ["Departamento de Asuntos de Veteranos", "Centro Médico de VA"],
        "Fecha: 22 de septiembre de 2026",
        [
            "Su solicitud de audífonos fue negada porque no es médicamente necesaria.",
            "Puede pedir una apelación clínica.",
        ],
        "other_coverage",
        "medical_necessity",
        "va",
        "audífonos",
        "2026-09-22",
        "va",
    ),
    _letter(
        "health_net_other_en",
        "en",
        ["Health Net of California, Inc.", "HMO"],
        "November 4, 2026",
        [
            "Your coverage was terminated because your premium payments are past due.",
            "You may file a grievance with us within 180 days.",
            DMHC_EN,
        ],
        "hmo",
        "other",
        "health_net",
        None,
        "2026-11-04",
    ),
    _letter(
        "blue_shield_other_es",
        "es",
        ["Blue Shield of California", "Plan HMO"],
        "Fecha: 10 de noviembre de 2026",
        [
            "Cancelamos su cobertura por falta de pago de la prima.",
            "Puede presentar una queja dentro de 180 días.",
            DMHC_ES,
        ],
        "hmo",
        "other",
        "blue_shield",
        None,
        "2026-11-10",
    ),
    _letter(
        "unknown_plan_en",
        "en",
        ["Sunrise Valley Health Plan"],
        "October 21, 2026",
        [
            "Your request for an allergy test panel was denied. The test is not medically necessary.",
            "You may appeal within 180 days.",
        ],
        None,
        "medical_necessity",
        None,
        "allergy test panel",
        "2026-10-21",
    ),
    _letter(
        "oscar_cdi_es",
        "es",
        ["Oscar Health Insurance Company"],
        "Fecha: 3 de noviembre de 2026",
        [
            "Su solicitud de un medicamento para la migraña fue negada porque no es médicamente necesaria.",
            "Puede apelar dentro de 180 días.",
            CDI_ES,
        ],
        "other_ppo_or_insurance",
        "medical_necessity",
        "oscar",
        "medicamento para la migraña",
        "2026-11-03",
    ),
    _letter(
        "sharp_hmo_en",
        "en",
        ["Sharp Health Plan", "HMO Member Services"],
        "September 17, 2026",
        [
            "We denied your request for a clinical trial drug because it is investigational.",
            "You may file an appeal within 180 days.",
        ],
        "hmo",
        "experimental",
        "sharp",
        "clinical trial drug",
        "2026-09-17",
    ),
    _letter(
        "molina_other_es",
        "es",
        ["Molina Healthcare", "Miembro de Medi-Cal", "AVISO DE ACCIÓN"],
        "1 de octubre de 2026",
        [
            "Su solicitud de transporte médico fue negada porque no es un beneficio cubierto.",
            "Tiene 60 días para pedir una apelación.",
        ],
        "medi_cal_managed_care",
        "other",
        "molina",
        "transporte médico",
        "2026-10-01",
    ),
]


def _font(size: int) -> ImageFont.FreeTypeFont:
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ):
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _wrap(text: str, draw: ImageDraw.ImageDraw, font, width: int) -> List[str]:
    lines: List[str] = []
    for raw in text.split("\n"):
        line = ""
        for word in raw.split():
            candidate = f"{line} {word}".strip()
            if draw.textlength(candidate, font=font) > width and line:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def render(letter: Letter, width: int = 1275, font_size: int = 25) -> Image.Image:
    """A clean page (letter-size proportions at 150 dpi)."""
    height = int(width * 11 / 8.5)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font, margin, y = _font(font_size), 90, 80
    for paragraph in letter.text().split("\n\n"):
        for line in _wrap(paragraph, draw, font, width - 2 * margin):
            draw.text((margin, y), line, font=font, fill=0)
            y += int(font_size * 1.35)
        y += font_size
    return page


def phone_photo(page: Image.Image, seed: int) -> bytes:
    """The page as a phone photo: on a table, turned a few degrees, lit from one side, soft, noisy, JPEG."""
    rng = random.Random(seed)
    table = Image.new("L", (page.width + 160, page.height + 160), 90)
    table.paste(page, (80, 80))
    photo = table.rotate(rng.uniform(-6, 6), resample=Image.BICUBIC, expand=True, fillcolor=90)
    import numpy as np

    pixels = np.asarray(photo, dtype=np.float32)
    light = np.linspace(rng.uniform(0.55, 0.7), 1.0, pixels.shape[1], dtype=np.float32)
    if rng.random() < 0.5:
        light = light[::-1]
    noise = np.random.default_rng(seed).normal(0, 10, pixels.shape).astype(np.float32)
    pixels = np.clip(pixels * light[None, :] + noise, 0, 255).astype(np.uint8)
    photo = Image.fromarray(pixels).filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 1.3))).convert("RGB")
    photo = photo.resize((int(photo.width * 0.9), int(photo.height * 0.9)))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=60)
    return out.getvalue()


def png(page: Image.Image) -> bytes:
    out = io.BytesIO()
    page.save(out, "PNG", optimize=True)
    return out.getvalue()


def scanned_pdf(pages: List[Image.Image]) -> bytes:
    """A PDF of page images only (no text layer), as a scanner makes."""
    out = io.BytesIO()
    pages[0].convert("RGB").save(
        out, "PDF", resolution=150, save_all=True, append_images=[p.convert("RGB") for p in pages[1:]]
    )
    return out.getvalue()


def text_pdf(letter: Letter, password: Optional[str] = None) -> bytes:
    """A PDF with a text layer (fpdf2), optionally locked with a password (pypdf)."""
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in letter.text().split("\n\n"):
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    data = bytes(pdf.output())
    if password:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(password, algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data
