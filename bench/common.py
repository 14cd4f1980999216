"""Shared set-up for the benchmarks: a throw-away database, timing, and the baseline view.

Each benchmark prints its figures as ratios against a minimal Django view measured in
the same run, so the numbers compare across machines. Run with `make bench`, or one
script with `python bench/bench_x.py`. Uses a fresh SQLite file unless BENCH_DATABASE_URL
points to a PostgreSQL database (which is dropped and re-created).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Configure Django on a fresh, migrated database and return nothing."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antitrafik.settings")
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    os.environ["SECURE_SSL_REDIRECT"] = "False"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        db = Path(tempfile.mkdtemp(prefix="antitrafik-bench-")) / "bench.sqlite3"
        url = f"sqlite:///{db}"
    os.environ["DATABASE_URL"] = url
    import logging
    import warnings

    import django

    warnings.filterwarnings("ignore", "No directory at")  # WhiteNoise: no collected static files needed
    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if url.startswith("postgres"):
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def timeit(fn, repeat=5, warmup=1):
    """Median seconds of `fn()` over `repeat` runs after `warmup` runs."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def baseline_seconds(client, repeat=20):
    """Median time of the minimal view in the same run: GET /healthz/ (one trivial query)."""
    return timeit(lambda: client.get("/healthz/"), repeat=repeat, warmup=3)


def report(name, seconds, base, queries=None):
    extra = f"  queries={queries}" if queries is not None else ""
    print(f"{name:<40} {seconds * 1000:9.1f} ms   ratio to baseline {seconds / base:8.1f}x{extra}")


def count_queries(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)
