import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Property tests check behaviour, not speed (speed is measured by `make bench`): no per-example deadline,
# which a cold first call on a busy CI machine broke (703 ms against Hypothesis's 200 ms while the model
# trained alongside).
from hypothesis import settings  # noqa: E402

settings.register_profile("project", deadline=None)
settings.load_profile("project")


def pytest_configure(config):
    """Other packages' deprecation warnings stay out of the test summary (VERBOSE=1 shows them),
    as sitecustomize.py keeps them off the screen everywhere else."""
    if os.environ.get("VERBOSE", "") in ("", "0"):
        # sanic's import puts a "once" filter for deprecations in front of all others; imported
        # here, before the run, it lands behind the filters pytest adds for each test.
        import sanic  # noqa: F401

        for category in ("DeprecationWarning", "PendingDeprecationWarning", "FutureWarning"):
            config.addinivalue_line("filterwarnings", f"ignore::{category}")
