"""Start the real action server and Rasa server (REST channel) once for the end-to-end tests, with
the Sanic workers `make run` starts (RUN_WORKERS: two Rasa workers sharing the SQLite lock store)."""

import pytest

from tools.servers import MODEL, RUN_ACTION_WORKERS, RUN_WORKERS, Servers


@pytest.fixture(scope="session")
def servers():
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    s = Servers(workers=RUN_WORKERS, action_workers=RUN_ACTION_WORKERS)
    try:
        s.start()
        yield s
    finally:
        s.stop()
