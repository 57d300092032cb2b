#!/usr/bin/env python3
"""Moves a revision counter of an Oversight SQLite file at a steady rate, as other web nodes' or the CLI's
commits would, so a benchmark can measure pages whose caches must be rebuilt (Benchmarks/README.md).

usage: bump-revision.py DB.sqlite workflow|evidence RATE_PER_SECOND SECONDS
"""
import sqlite3
import sys
import time

if len(sys.argv) != 5 or sys.argv[2] not in ("workflow", "evidence"):
    sys.exit(__doc__)
path, area, rate, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
db = sqlite3.connect(path, timeout=5, isolation_level=None)
end = time.time() + seconds
n = 0
while time.time() < end:
    db.execute("UPDATE oversight_revision SET value = value + 1 WHERE area = ?", (area,))
    n += 1
    time.sleep(1 / rate)
print(f"moved the {area} revision {n} times in {seconds:.0f} s")
