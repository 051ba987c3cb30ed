"""Keep a server's output in its log file and show only its errors on screen (scripts/run.sh).

    rasa run ... 2>&1 | python scripts/log_to_file.py rasa logs/rasa.log

Every line goes to the log. A record at ERROR or CRITICAL, or a traceback, is also written to the
screen (stderr) with the server's name in front, up to the next log record. VERBOSE=1 shows
every line. Standard library only.
"""

import os
import re
import signal
import sys

ERROR = re.compile(r"\b(ERROR|CRITICAL|FATAL)\b|^Traceback|^\S*(Error|Exception)\b")
RECORD = re.compile(r"^(\d{4}-\d\d-\d\d[ T]|\S+\s+-\s+\w+\s|(DEBUG|INFO|WARNING)\b)")


def main(name: str, path: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server; this reads on to its end
    verbose = os.environ.get("VERBOSE", "") not in ("", "0")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    showing = False
    with open(path, "a", encoding="utf-8", errors="replace") as log:
        for line in sys.stdin:
            log.write(line)
            log.flush()
            if ERROR.search(line):
                showing = True
            elif RECORD.search(line):
                showing = False
            if showing or verbose:
                sys.stderr.write(f"[{name}] {line}")
                sys.stderr.flush()


if __name__ == "__main__":
    main(*sys.argv[1:3])
