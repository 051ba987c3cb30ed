"""Hide other packages' deprecation warnings in every Python process of the project.

Python imports `sitecustomize` at start-up from the path, and the Makefile, scripts/run.sh and
tools/servers.py put the project root on PYTHONPATH, so this runs before Rasa, the action server,
pytest or a tool imports anything. A filter would not do: sanic's import re-enables deprecation
warnings ("once"), so the display is filtered instead. The person running the assistant cannot fix
a warning raised inside TensorFlow, jax, sanic, click or pkg_resources; the project's own warnings
still show, except one false alarm of Rasa's validator (below). VERBOSE=1 shows everything.
"""

import os
import warnings

_QUIETED = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
_PROJECT = os.path.dirname(os.path.abspath(__file__)) + os.sep
_PACKAGES = (os.sep + "site-packages" + os.sep, os.sep + "lib" + os.sep + "python3")
# Rasa's validator looks for responses in stories and rules only, but `utter_restart` is said by
# Rasa's own `action_restart` (the "Start over" rules in data/rules/side_questions.yml).
# "Slot auto-fill" is on Rasa's own list of expected warnings, hidden by its CLI but not when a tool
# loads a model in-process.
_FALSE_ALARMS = (
    "The utterance 'utter_restart' is not used in any story or rule",
    "Slot auto-fill has been removed in 3.0",
)


def _from_other_package(category, filename) -> bool:
    """A deprecation raised outside the project's own files (site-packages, the standard library)."""
    filename = os.path.abspath(filename or "")  # "<frozen importlib._bootstrap>" is no file of ours
    ours = (
        filename.startswith(_PROJECT) and os.path.isfile(filename) and not any(part in filename for part in _PACKAGES)
    )
    return issubclass(category, _QUIETED) and not ours


def _install() -> None:
    show = warnings.showwarning

    def showwarning(message, category, filename, lineno, file=None, line=None):
        if not _from_other_package(category, filename) and not str(message).startswith(_FALSE_ALARMS):
            show(message, category, filename, lineno, file, line)

    warnings.showwarning = showwarning


if os.environ.get("VERBOSE", "") in ("", "0"):
    _install()
