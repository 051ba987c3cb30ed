"""Start the real action server and Rasa server (REST channel) once for the end-to-end tests."""
import sys

import pytest

from tools.servers import MODEL, Servers


@pytest.fixture(scope="session")
def servers():
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    s = Servers()
    try:
        s.start()
    except RuntimeError:
        s.stop()
        sys.stderr.write(s.log("rasa.log")[-4000:] + s.log("actions.log")[-4000:])
        raise
    yield s
    s.stop()
