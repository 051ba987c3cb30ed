"""Delete stored conversation events older than RETENTION_DAYS (default 30): `make purge`.

Reads the tracker store settings from endpoints.yml (and DATABASE_URL), like the Rasa server.
Run it daily from cron or a scheduled job.
"""

import argparse
import os
import sys
from pathlib import Path

import yaml

from storage.tracker_store import PrivateSQLTrackerStore


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=float(os.environ.get("RETENTION_DAYS", 30)))
    parser.add_argument("--endpoints", default="endpoints.yml")
    args = parser.parse_args(argv)
    config = dict(yaml.safe_load(Path(args.endpoints).read_text())["tracker_store"])
    config.pop("type", None)
    removed = PrivateSQLTrackerStore(**config).purge(args.days)
    print(f"removed the events older than {args.days:g} days of {removed} conversations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
