"""Sign-ups and logins at the production password cost, many in flight, while
watching the API process's memory: what a login storm does to it.

Prints one JSON object: answers by status, latency, and the API's RSS before,
at its peak (VmHWM) and at rest afterwards.
"""

import argparse
import json
import statistics
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def post(url, body):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as e:
        status = e.code
    except Exception:
        status = 0
    return status, (time.monotonic() - started) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rest-secs", type=float, default=3.0)
    args = parser.parse_args()

    before = rss_kib(args.pid)
    prefix = "storm" + uuid.uuid4().hex[:6]

    def signup(n):
        return post(
            f"{args.api}/api/v1/auth/signup",
            {"username": f"{prefix}_{n}", "password": "storm-password-1"},
        )

    started = time.monotonic()
    with ThreadPoolExecutor(args.concurrency) as pool:
        answers = list(pool.map(signup, range(args.count)))
    elapsed = time.monotonic() - started
    time.sleep(args.rest_secs)
    after = rss_kib(args.pid)
    peak = rss_kib(args.pid, "VmHWM")

    statuses = {}
    for status, _ in answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    latencies = sorted(ms for _, ms in answers)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    print(
        json.dumps(
            {
                "bench": "signups",
                "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "count": args.count,
                "concurrency": args.concurrency,
                "seconds": round(elapsed, 2),
                "statuses": statuses,
                "latency": {"p50_ms": round(q[49], 1), "p99_ms": round(q[98], 1)},
                "rss_kib_before": before,
                "rss_kib_peak": peak,
                "rss_kib_at_rest": after,
            }
        )
    )


if __name__ == "__main__":
    threading.stack_size(256 * 1024)
    main()
