"""The message catalogues: the same keys and placeholders in every language, and no facts."""

from pathlib import Path

import pytest
import yaml

from bot.language import LANGUAGES
from bot.messages import MESSAGES_DIR, MessagesError, load, say


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_loads(language):
    assert load(language)


def _copy(tmp_path: Path, change) -> Path:
    for language in LANGUAGES:
        data = yaml.safe_load((MESSAGES_DIR / f"{language}.yml").read_text(encoding="utf-8"))
        if language == "es":
            change(data)
        (tmp_path / f"{language}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "change, complaint",
    [
        (lambda d: d.pop("greeting"), "keys differ"),
        (lambda d: d.update(ask_hmo_or_ppo="¿Su plan es un HMO?"), "placeholders differ"),
        (lambda d: d.update(greeting="Llame al 1-888-466-2219"), "has a number"),
        (lambda d: d.update(greeting=""), "no empty text"),
    ],
)
def test_a_bad_translation_is_refused_with_the_key(tmp_path, change, complaint):
    with pytest.raises(MessagesError, match=complaint):
        load("es", _copy(tmp_path, change))


def test_spanish_contracts_a_el_after_names_are_filled_in():
    assert say("es", "call_line", name="el Centro de Ayuda", number="x") == "Llame al Centro de Ayuda al x."


def test_every_fixed_response_in_the_domain_has_a_spanish_variation():
    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
    for name, variations in domain["responses"].items():
        conditions = [v.get("condition") for v in variations]
        assert [{"type": "slot", "name": "language", "value": "es"}] in conditions, name
        assert None in conditions, f"{name} needs an English default"
