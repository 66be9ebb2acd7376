"""Counts the findings in an export without loading it whole: count.py FORMAT FILE."""
import csv
import re
import sys

fmt, path = sys.argv[1], sys.argv[2]
csv.field_size_limit(1 << 30)
n = 0
with open(path, encoding="utf-8", newline="") as f:
    if fmt == "csv":
        n = max(0, sum(1 for _ in csv.reader(f)) - 1)
    elif fmt == "json":
        # Pretty-printed array: each element opens on its own line, indented by two spaces.
        n = sum(1 for line in f if line.rstrip("\n") == "  {")
    elif fmt == "sarif":
        n = sum(len(re.findall(r'"ruleId"\s*:', line)) for line in f)
print(n)
