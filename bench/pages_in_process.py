"""The signed-in list pages and home pages timed in process (Django's test client, no server), beside /healthz/.

Run against a copy of the demo (`seed_demo`) on PostgreSQL, after `collectstatic` (production settings serve
hashed static names); it signs users in, so it writes sessions and last-login times to that database:

    DATABASE_URL=postgres://…/antitrafik_copy python bench/pages_in_process.py [requests per page, default 20]

For each page: the median and the best time of its requests, the queries of one request and their time, and
the best time over /healthz/'s best (issue 13's goal: a signed-in page at least 25% of /healthz/'s throughput,
about 4× its time). Through gunicorn under load: `make bench-pages`. A page asked again while nothing is written
is served as kept (antitrafik.kept_pages); PAGES_RENDERED=1 keeps nothing, so every request renders its page.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antitrafik.settings")
for name, value in (("DEBUG", "False"), ("SECRET_KEY", "bench-only-secret-" + "x" * 40), ("ALLOWED_HOSTS", "testserver"),
                    ("TWO_FACTOR_REQUIRED", "False"), ("SECURE_SSL_REDIRECT", "False"), ("EMAIL_URL", "dummymail://")):
    os.environ.setdefault(name, value)
if os.environ.get("PAGES_RENDERED"):
    os.environ["PAGES_CACHE_URL"] = "dummycache://"

import logging  # noqa: E402
import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", "No directory at")
django.setup()
logging.disable(logging.WARNING)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from institutions.models import User  # noqa: E402

PAGES = [("/healthz/", None), ("/account/", "director"), ("/plan/activities/", "director"),
         ("/reports/board/", "director"), ("/institutions/", "director"), ("/reports/committee/", "director"),
         ("/reports/queue/", "coordinator1"), ("/", "director"), ("/", "coordinator1"), ("/", "reporter-md")]


def query_timer(times):
    """A database execute wrapper that appends each query's time to `times`."""
    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            times.append(time.perf_counter() - start)
    return timed


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    clients = {}
    best_healthz = None
    print(f"{'page':20} {'user':13} {'median':>8} {'best':>8} {'× /healthz/':>11} {'queries':>8} {'SQL':>8}")
    for path, username in PAGES:
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            if username:
                client.force_login(User.objects.get(username=username))
        assert client.get(path, secure=True).status_code == 200, path
        queries = []
        with connection.execute_wrapper(query_timer(queries)):
            client.get(path, secure=True)
        times = []
        for _ in range(n):
            start = time.perf_counter()
            client.get(path, secure=True)
            times.append(time.perf_counter() - start)
        best = min(times)
        best_healthz = best_healthz or best
        print(f"{path:20} {username or '-':13} {statistics.median(times) * 1000:6.1f}ms {best * 1000:6.1f}ms "
              f"{best / best_healthz:10.1f}× {len(queries):8} {sum(queries) * 1000:6.1f}ms")


if __name__ == "__main__":
    main()
