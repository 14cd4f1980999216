"""Data viewer at demo scale: the data index, an indicator's page and its download, and the director's home page.

Loads the demo (`seed_demo`: 44 institutions, 11 quarters of reports) into a fresh database, then prints each
page's warm time beside the minimal view of the same run (bench/common.py), with its SQL query count.
The first request of a page draws its chart (printed apart); the figures are the median of the requests after it.
Run: `python bench/bench_data.py` (fresh SQLite) or with BENCH_DATABASE_URL=postgres://… .
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import baseline_seconds, count_queries, report, setup_django, timeit  # noqa: E402


def main():
    setup_django()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from institutions.models import User
    from strategy.models import Indicator

    call_command("seed_demo", password="bench-only", verbosity=0)
    director = User.objects.get(username="director")
    client = Client()
    client.force_login(director)
    base = baseline_seconds(client)
    print(f"{'baseline (GET /healthz/)':<40} {base * 1000:9.1f} ms")

    pages = [("data index (26 indicators)", reverse("data:index"))]
    for code in ("VT-01", "PR-01"):
        indicator = Indicator.objects.get(code=code)
        pages.append((f"indicator page {code}", reverse("data:indicator", args=[indicator.pk])))
    pages.append(("indicator XLSX VT-01", reverse("data:indicator_xlsx", args=[Indicator.objects.get(code="VT-01").pk])))
    pages.append(("director's home (situation report)", reverse("home")))
    for name, url in pages:
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        first = time.perf_counter() - start
        report(name, timeit(lambda url=url: client.get(url)), base, count_queries(lambda url=url: client.get(url)))
        print(f"{'  its first request (cold)':<40} {first * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
