"""Public statistics page under concurrent load: gunicorn on loopback, N clients for S seconds.

Builds a published year (a few indicators with breakdowns, small numbers suppressed) in a throw-away
database, starts gunicorn (gthread workers) on 127.0.0.1, then runs the same load against the public
statistics page (a cache hit after the first request of each worker) and against the minimal view
(`GET /healthz/`, one trivial query) in the same run, and prints requests per second and the 95th
percentile of the response time of each. The load generator is a small threaded HTTP client in Python
(keep-alive connections), so both figures carry its cost alike: the ratio is the figure.

Run: `python bench/bench_public.py` (BENCH_CLIENTS=50 BENCH_SECONDS=30 BENCH_WORKERS=2 BENCH_THREADS=8;
BENCH_DATABASE_URL=postgres://… for PostgreSQL). The goal: at least half the minimal view's throughput.
"""

import datetime
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ROOT, setup_django  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_CLIENTS", 50))
SECONDS = float(os.environ.get("BENCH_SECONDS", 30))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
THREADS = int(os.environ.get("BENCH_THREADS", 8))


def build():
    """A plan with 2025's four quarters, 40 institutions, 6 indicators by sex and age, all accepted; published."""
    from institutions.choices import InstitutionKind, Role
    from institutions.models import Institution, User
    from reports.models import QuarterlyReport, StatValue
    from reports.public import services
    from strategy.models import (
        ActionPlan,
        Activity,
        Dimension,
        DimensionOption,
        Indicator,
        IndicatorDimension,
        Objective,
        Pillar,
        ReportingPeriod,
        Strategy,
    )

    director = User.objects.create(username="director", role=Role.DIRECTOR)
    institutions = Institution.objects.bulk_create([
        Institution(code=f"I{i:02d}", name=f"Institucioni {i}", name_en=f"Institution {i}",
                    kind=InstitutionKind.POLICE) for i in range(40)])
    strategy = Strategy.objects.create(title="Strategjia", start_year=2024, end_year=2026)
    plan = ActionPlan.objects.create(strategy=strategy, title="PKV", start_year=2024, end_year=2026)
    pillar = Pillar.objects.create(plan=plan, code="2", title="Mbrojtja", title_en="Protection", order=2)
    objective = Objective.objects.create(pillar=pillar, code="2.1", title="Identifikimi")
    for n in range(1, 101):
        Activity.objects.create(objective=objective, code=f"2.1.{n}", description=f"Aktiviteti {n}",
                                lead_institution=institutions[n % 40], deadline_date=datetime.date(2026, 12, 31))
    periods = [ReportingPeriod.objects.create(plan=plan, year=2025, quarter=q, status="closed",
                                              opens_on=datetime.date(2025, 3 * q, 1),
                                              due_on=datetime.date(2025 + (q == 4), (3 * q) % 12 + 1, 15))
               for q in (1, 2, 3, 4)]
    sex = Dimension.objects.create(code="sex", name="Gjinia", name_en="Sex")
    age = Dimension.objects.create(code="age_group", name="Grupmosha", name_en="Age group")
    options = {code: DimensionOption.objects.create(dimension=d, code=code, name=code, name_en=code, order=i)
               for d, codes in ((sex, ["F", "M"]), (age, ["MINOR", "ADULT"])) for i, code in enumerate(codes)}
    indicators = []
    for n in range(6):
        indicator = Indicator.objects.create(code=f"VT-{n:02d}", name=f"Treguesi {n}", name_en=f"Indicator {n}",
                                             pillar=pillar, reporting_kinds="police", breakdown_layout="separate")
        IndicatorDimension.objects.create(indicator=indicator, dimension=sex, position=1)
        IndicatorDimension.objects.create(indicator=indicator, dimension=age, position=2)
        indicators.append(indicator)
    values = []
    for period in periods:
        for i, institution in enumerate(institutions):
            report = QuarterlyReport.objects.create(institution=institution, period=period, status="accepted",
                                                    first_submitted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
            for n, indicator in enumerate(indicators):
                female, minor = (i + n) % 3, (i * n) % 2
                for option, value in ((None, 3), ("F", female), ("M", 3 - female), ("MINOR", minor),
                                      ("ADULT", 3 - minor)):
                    opt = options.get(option)
                    values.append(StatValue(report=report, indicator=indicator, value=Decimal(value),
                                            option_1_id=opt.pk if opt and opt.dimension_id == sex.pk else None,
                                            option_2_id=opt.pk if opt and opt.dimension_id == age.pk else None,
                                            cell_key=StatValue.make_cell_key(*([opt.pk] if opt else []))))
    StatValue.objects.bulk_create(values)
    services.publication_publish(by=director, year=2025)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(port, path, clients, seconds):
    """(requests per second, p95 ms, errors) of `clients` keep-alive clients requesting `path` for `seconds`."""
    times, errors, lock = [], [0], threading.Lock()
    stop = time.perf_counter() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    p95 = statistics.quantiles(times, n=20)[-1] * 1000 if len(times) >= 20 else float("nan")
    return len(times) / elapsed, p95, errors[0]


def main():
    setup_django()
    build()
    # gunicorn runs the production settings: the pages name their static files through the manifest.
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True,  # noqa: S603
                       env=dict(os.environ, DJANGO_SETTINGS_MODULE="antitrafik.settings"))
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="antitrafik.settings")
    server = subprocess.Popen(  # noqa: S603 - our own fixed command line
        [sys.executable, "-m", "gunicorn", "antitrafik.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
         str(WORKERS), "--worker-class", "gthread", "--threads", str(THREADS), "--log-level", "warning",
         "--graceful-timeout", "2"],
        cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz/")
                break
            except OSError:
                time.sleep(0.1)
        page = "/public/en/2025/"
        load(port, page, WORKERS * THREADS, 2)  # every worker fills its cache
        load(port, "/healthz/", WORKERS * THREADS, 1)
        print(f"gunicorn: {WORKERS} workers × {THREADS} threads; {CLIENTS} clients for {SECONDS:.0f} s each")
        results = {}
        for name, path in (("minimal view GET /healthz/", "/healthz/"), ("public statistics " + page, page)):
            rps, p95, errors = load(port, path, CLIENTS, SECONDS)
            results[path] = rps
            print(f"{name:<40} {rps:8.0f} req/s   p95 {p95:7.1f} ms   errors {errors}")
        print(f"public page / minimal view throughput: {results[page] / results['/healthz/']:.2f}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
