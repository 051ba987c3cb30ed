"""rasa_fixes' faster model load (fix 3) gives exactly the predictions of Rasa's own load: every
intent, confidence, ranking and entity of the held-out messages, to the last digit."""

import asyncio
import logging

import pytest
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.log_utils import configure_structlog
from rasa.utils.tensorflow.models import RasaModel

import rasa_fixes
from tools.servers import MODEL, ROOT

TEXTS = [
    m.get("text")
    for name in ("heldout.yml", "heldout_es.yml")
    for m in load_data(str(ROOT / "tests" / "nlu" / name)).nlu_examples[::4]
    if m.get("text")
]


def _parses(load) -> list:
    RasaModel.load = classmethod(load)
    agent = Agent.load(str(MODEL))

    async def parse_all() -> list:
        return [await agent.parse_message(text) for text in TEXTS]

    return asyncio.run(parse_all())


@pytest.mark.filterwarnings("ignore:Slot auto-fill")  # Rasa's own note on loading any 3.x domain
def test_the_faster_load_predicts_exactly_what_rasas_load_predicts(monkeypatch):
    configure_structlog(logging.WARNING)  # the parse log would print every message
    before = RasaModel.load
    try:
        rasa_parses = _parses(rasa_fixes._original_load)

        def no_fallback(*args, **kwargs):
            pytest.fail("the faster load fell back to Rasa's")

        monkeypatch.setattr(rasa_fixes, "_original_load", no_fallback)
        fast_parses = _parses(rasa_fixes._load)
    finally:
        RasaModel.load = before
    assert len(TEXTS) > 100
    assert fast_parses == rasa_parses
