"""Counts the findings in an export, checking it parses as a whole: count.py FORMAT FILE (prints -1 if not)."""
import csv
import json
import sys

fmt, path = sys.argv[1], sys.argv[2]
csv.field_size_limit(1 << 30)
try:
    with open(path, encoding="utf-8", newline="") as f:
        if fmt == "csv":
            rows = list(csv.reader(f))
            width = len(rows[0]) if rows else 0
            n = len(rows) - 1 if all(len(r) == width for r in rows) else -1
        elif fmt == "json":
            n = len(json.load(f))
        elif fmt == "sarif":
            n = sum(len(run.get("results", [])) for run in json.load(f)["runs"])
        else:
            n = -1
except (ValueError, KeyError, IndexError):
    n = -1
print(n)
