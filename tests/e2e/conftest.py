"""Start the real action server and Rasa server (REST channel) once for the end-to-end tests."""
import pytest

from tools.servers import MODEL, Servers


@pytest.fixture(scope="session")
def servers():
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    s = Servers()
    try:
        s.start()
        yield s
    finally:
        s.stop()
