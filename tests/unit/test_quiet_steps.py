"""What `make run` / `make test` print: one line a step, logs in files, errors shown, warnings hidden."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STEP = ROOT / "scripts" / "step.py"
LOG_TO_FILE = ROOT / "scripts" / "log_to_file.py"


def run(args, env=None, **kwargs):
    environment = {k: v for k, v in os.environ.items() if k != "VERBOSE"}
    environment.update(env or {})
    return subprocess.run(args, capture_output=True, text=True, env=environment, **kwargs)


def test_a_step_prints_its_line_and_keeps_the_output_in_its_log(tmp_path):
    log = tmp_path / "logs" / "x.log"
    result = run(
        [sys.executable, STEP, "Doing x (about 1 s)", log, "--", "bash", "-c", "echo noisy; echo '3 passed in 0.1s'"]
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "==> Doing x (about 1 s)"
    assert "noisy" not in result.stdout
    assert "done in" in result.stdout and "Doing x, 3 passed" in result.stdout
    assert log.read_text() == "noisy\n3 passed in 0.1s\n"


def test_a_failed_step_shows_the_end_of_its_log_and_keeps_the_exit_status(tmp_path):
    log = tmp_path / "x.log"
    result = run([sys.executable, STEP, "Doing x", log, "--", "bash", "-c", "echo 'what broke'; exit 3"])
    assert result.returncode == 3
    assert "what broke" in result.stdout and "FAILED" in result.stdout and str(log) in result.stdout


def test_verbose_shows_the_whole_output(tmp_path):
    result = run([sys.executable, STEP, "Doing x", tmp_path / "x.log", "--", "echo", "noisy"], env={"VERBOSE": "1"})
    assert "noisy" in result.stdout


def test_training_progress_is_read_from_the_epochs_bar():
    sys.path.insert(0, str(STEP.parent))
    try:
        import step
    finally:
        sys.path.remove(str(STEP.parent))
    assert step.status("Epochs:  45%|####5     | 18/40 [00:20<00:25, t_loss=2.1]") == "training: epoch 18/40 (45%)"
    assert step.status("  Collecting rasa==3.6.21 ") == "Collecting rasa==3.6.21"


def test_server_logs_go_to_the_file_and_only_errors_to_the_screen(tmp_path):
    log = tmp_path / "rasa.log"
    lines = textwrap.dedent("""\
        2026-12-01 15:21:48 INFO     root  - Starting Rasa server
        2026-12-01 15:21:49 ERROR    rasa.core.processor  - Encountered an exception
        Traceback (most recent call last):
          File "x.py", line 1, in <module>
        ValueError: bad
        2026-12-01 15:21:50 INFO     root  - still running
        """)
    result = run([sys.executable, LOG_TO_FILE, "rasa", log], input=lines)
    assert log.read_text() == lines
    shown = result.stderr.splitlines()
    assert shown[0] == "[rasa] 2026-12-01 15:21:49 ERROR    rasa.core.processor  - Encountered an exception"
    assert "[rasa] ValueError: bad" in shown
    assert not any("INFO" in line for line in shown)


def test_other_packages_deprecation_warnings_are_hidden_and_the_projects_are_not(tmp_path):
    package = tmp_path / "site-packages" / "noisy_dep.py"
    package.parent.mkdir()
    package.write_text("import warnings\nwarnings.warn('old api', DeprecationWarning)\n")
    code = (
        "import sys, warnings; warnings.simplefilter('always'); sys.path.insert(0, sys.argv[1]); import noisy_dep;"
        " import bot; warnings.warn_explicit('ours', DeprecationWarning, bot.__file__, 1)"
    )
    env = {"PYTHONPATH": str(ROOT)}
    quiet = run([sys.executable, "-c", code, package.parent], env=env, cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert "old api" not in quiet.stderr and "ours" in quiet.stderr
    loud = run([sys.executable, "-c", code, package.parent], env={**env, "VERBOSE": "1"}, cwd=tmp_path)
    assert "old api" in loud.stderr
