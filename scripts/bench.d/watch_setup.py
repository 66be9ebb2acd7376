"""Helpers of the watch benchmark (loopback only; the sandbox token comes in S4E_BENCH_TOKEN, never in argv).

watch_setup.py create URL N               creates a full scan on each of N assets tagged bulk, prints the scan IDs
watch_setup.py count ERRFILE SECONDS      counts the requests a `--debug` run logged, per minute and by kind
watch_setup.py naive URL IDS SECONDS INTERVAL
                                          the seed document's loop: every scan's status each INTERVAL seconds
"""
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request


def call(url, token, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def create(base, token, n):
    status, page = call(f"{base}/api/assets?tag=bulk&status=active&per_page=100", token)
    assets = [a.get("id") or a.get("asset_id") for a in (page or {}).get("data", [])][:n]
    for asset in assets:
        for _ in range(50):
            status, scan = call(f"{base}/api/scan/create", token, "POST", {"asset_id": asset, "scan_type": "full"})
            if status != 429:
                break
            time.sleep(1)
        if scan:
            print(scan.get("scan_id") or scan.get("id") or (scan.get("data") or {}).get("scan_id"))


def count(path, seconds):
    lines = [l for l in open(path, encoding="utf-8", errors="replace") if l.startswith("[http] -->")]
    status = sum(1 for l in lines if re.search(r"GET \S+/api/scan/[^/\s]+/status\b", l))
    stream = sum(1 for l in lines if "/api/events/stream" in l)
    limited = sum(1 for l in lines if " <-- 429" in l)
    per_minute = len(lines) * 60.0 / seconds
    print(f"requests={len(lines)} per_minute={per_minute:.1f} status_polls={status} stream_connects={stream} "
          f"rate_limited={limited} seconds={seconds}")


def naive(base, token, ids_file, seconds, interval):
    ids = [l.strip() for l in open(ids_file) if l.strip()]
    sent = limited = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.monotonic()
        for scan in ids:
            code, _ = call(f"{base}/api/scan/{scan}/status", token)
            sent += 1
            limited += code == 429
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    print(f"requests={sent} per_minute={sent * 60.0 / seconds:.1f} rate_limited={limited} scans={len(ids)} "
          f"interval={interval} seconds={seconds}")


if __name__ == "__main__":
    mode = sys.argv[1]
    token = os.environ.get("S4E_BENCH_TOKEN", "")
    if mode == "create":
        create(sys.argv[2], token, int(sys.argv[3]))
    elif mode == "count":
        count(sys.argv[2], float(sys.argv[3]))
    elif mode == "naive":
        naive(sys.argv[2], token, sys.argv[3], float(sys.argv[4]), float(sys.argv[5]))
