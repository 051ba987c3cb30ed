"""`make report` and `make review` on PostgreSQL (Debian's, started on loopback like the scale test)."""

import os
import tempfile
from pathlib import Path

import yaml

from tests.scale.services import Postgres, require
from tools import report, review, synthetic_events
from tools.synthetic_events import KINDS

WEB_DMHC, UNSURE, SMS_CDI_ES, _, WEB_STOPPED, _ = KINDS


def test_report_and_review_read_postgresql(tmp_path):
    binaries = require("postgres")
    workdir = Path(tempfile.mkdtemp(prefix="operator-pg-"))
    os.chmod(workdir, 0o755)  # the postgres user must reach its folder inside
    postgres = Postgres(Path(binaries["postgres"]), workdir)
    try:
        counts = {WEB_DMHC: 7, SMS_CDI_ES: 2, WEB_STOPPED: 3, UNSURE: 1}
        synthetic_events.write(postgres.url, counts)
        stats = report.collect(postgres.url)
        assert stats.referrals["agency"] == {"DMHC": 8, "CDI": 2}
        assert stats.stopped_at == {"coverage": 3} and stats.conversations == 13
        sqlite = f"sqlite:///{tmp_path / 'same.db'}"
        synthetic_events.write(sqlite, counts)  # the same conversations (same seed): the same figures
        assert vars(report.collect(sqlite)) == vars(stats) and stats.sms
        out = tmp_path / "operator"
        assert (
            report.main(["--db", postgres.url, "--out", str(out), "--since", "2026-03-01", "--until", "2026-03-31"])
            == 0
        )
        assert "13 conversations" in (out / "report.html").read_text()
        path, count = review.export(postgres.url, None, None, tmp_path / "review")
        texts = {e["text"]: e["times"] for e in yaml.safe_load(path.read_text())["messages"]}
        assert texts == {"blah what": 3, "its through work i think": 1}
    finally:
        postgres.stop()
