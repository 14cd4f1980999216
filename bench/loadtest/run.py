"""`make loadtest`: the quarter's last day against `make serve` (gunicorn) on PostgreSQL, with the task worker.

1. copies the demo into a fresh database (loaded once per version of the code into a template database,
   `<name>_seed_<digest>`), adds
   reporting institutions up to 60 reporters, each with a draft report in the open quarter (prepare.py);
2. starts `make serve` on the loopback and the task worker beside it;
3. runs locust headless for LOADTEST_SECONDS (default 75): 60 reporters, 4 coordinators, the director,
   and a probe of /healthz/, the minimal view, under the same load;
4. prints, per page and action, requests per second and p50/p95/p99, beside /healthz/; then the same requests
   as the server saw them (its request log: time and processor time per kind of request), so that what the
   users waited for a free server process shows apart from the pages' own work;
5. checks the database: no failed request, no lost save, no duplicate submission or event, no failed task,
   and the server's log: no error, no request sent to the sign-in page.

Exits non-zero when a check fails. Settings: LOADTEST_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/antitrafik_loadtest), LOADTEST_SECONDS, LOADTEST_PORT (8017); the server's
own WEB_WORKERS (3) and WARM_AT_START (on) pass through, to compare.
"""

import csv
import hashlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
URL = os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/antitrafik_loadtest")
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "75"))
PORT = os.environ.get("LOADTEST_PORT", "8017")
PASSWORD = "Loadtest-Deadline-2026"
WORKER_NICE = int(os.environ.get("LOADTEST_WORKER_NICE", "10"))


def env_for(url):
    return {**os.environ, "DATABASE_URL": url, "DEBUG": "False", "SECRET_KEY": "loadtest-only-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "False", "LOG_LEVEL": "WARNING",
            "REQUEST_LOG_LEVEL": "INFO", "EMAIL_URL": "dummymail://", "LOADTEST_PASSWORD": PASSWORD,
            "TASK_RETRY_DELAY": "5"}


def psql(sql, database="postgres"):
    parsed = urlparse(URL)
    subprocess.run(["psql", "-h", parsed.hostname, "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres",
                    "-d", database, "-qtAc", sql], check=True, capture_output=True)


def code_digest():
    """A digest of the application's Python code: a seed made by other code (other migrations, another demo) is
    not reused."""
    digest = hashlib.sha256()
    for path in sorted(p for app in ("antitrafik", "institutions", "strategy", "reports") for p in (ROOT / app).rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def fresh_database():
    parsed = urlparse(URL)
    name = parsed.path.lstrip("/")
    seed = f"{name}_seed_{code_digest()}"
    seed_url = parsed._replace(path="/" + seed).geturl()
    query = f"SELECT 1 FROM pg_database WHERE datname='{seed}'"  # noqa: S608 - our own database name
    exists = subprocess.run(["psql", "-h", parsed.hostname, "-U", parsed.username or "postgres", "-d", "postgres",
                             "-tAc", query], capture_output=True, text=True)
    if exists.stdout.strip() != "1":
        stale = subprocess.run(["psql", "-h", parsed.hostname, "-U", parsed.username or "postgres", "-d", "postgres",
                                "-tAc", f"SELECT datname FROM pg_database WHERE datname LIKE '{name}_seed%'"],  # noqa: S608
                               capture_output=True, text=True).stdout.split()
        for old in stale:  # made by earlier code
            psql(f'DROP DATABASE IF EXISTS "{old}"')
        print(f"== Loading the demo into {seed} (once for this code; later runs copy it)", flush=True)
        psql(f'CREATE DATABASE "{seed}"')
        env = {**env_for(seed_url), "DEBUG": "True"}
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "manage.py", "seed_demo", "--password", PASSWORD], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}" TEMPLATE "{seed}"')


def wait_for(url, seconds=600):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"The server did not answer at {url}.")


def wait_for_processes(server_log, seconds=180):
    """Until every gunicorn process has built what it builds as it starts (antitrafik.warm logs one line each):
    the day is measured on a server that has started, not while two of its processes still start."""
    if os.environ.get("WARM_AT_START", "true").lower() in ("0", "false", "off", "no"):
        return
    processes = int(os.environ.get("WEB_WORKERS", "3"))
    deadline = time.time() + seconds
    while time.time() < deadline:
        if sum(1 for line in open(server_log, encoding="utf-8", errors="replace")  # noqa: SIM115
               if "Started: process ready" in line) >= processes:
            return
        time.sleep(0.5)
    raise SystemExit("The server's processes did not finish starting.")


def table(stats_csv):
    rows = list(csv.DictReader(open(stats_csv, encoding="utf-8")))  # noqa: SIM115
    base = next((r for r in rows if r["Name"].startswith("/healthz/")), None)
    print(f"\n{'page / action':42} {'requests':>8} {'fail':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
          f" {'p50 ×':>6}")
    for row in rows:
        if row["Name"] == "Aggregated":
            continue
        ratio = float(row["50%"]) / float(base["50%"]) if base and float(base["50%"]) else 0
        print(f"{row['Name'][:42]:42} {row['Request Count']:>8} {row['Failure Count']:>5} {float(row['Requests/s']):7.2f} "
              f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {ratio:6.0f}")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"{'all requests':42} {total['Request Count']:>8} {total['Failure Count']:>5} {float(total['Requests/s']):7.2f} "
          f"{total['50%']:>7} {total['95%']:>7} {total['99%']:>7}")
    return int(total["Failure Count"])


REQUEST_LINE = re.compile(r"method=(\w+) path=(\S+) status=(\d+) ms=(\d+) cpu=(\d+)")


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))]


def server_table(server_log):
    """The same requests as the server saw them (its request log, antitrafik.middleware.RequestLogMiddleware):
    the time from the request's first middleware to its response and the processor time it spent, per kind of
    request (ids replaced by N). What locust saw beyond it, the request waited for: a free server process."""
    kinds = {}
    for line in open(server_log, encoding="utf-8", errors="replace"):  # noqa: SIM115
        match = REQUEST_LINE.search(line)
        if match:
            method, path, status, ms, cpu = match.groups()
            kinds.setdefault(f"{method} {re.sub(r'[0-9]+', 'N', path)} {status}", []).append((int(ms), int(cpu)))
    total = sum(cpu for rows in kinds.values() for _ms, cpu in rows) or 1
    print(f"\n{'as the server saw it':42} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>8} {'cpu s':>6} {'share':>6}")
    for kind, rows in sorted(kinds.items(), key=lambda item: -sum(cpu for _ms, cpu in item[1])):
        cpu_total = sum(cpu for _ms, cpu in rows)
        print(f"{kind[:42]:42} {len(rows):>8} {percentile([ms for ms, _ in rows], 0.5):>7} "
              f"{percentile([ms for ms, _ in rows], 0.95):>7} {percentile([cpu for _, cpu in rows], 0.5):>8} "
              f"{cpu_total / 1000:6.1f} {cpu_total / total:6.0%}")


GOAL_MS = 1000  # issue 13: p95 of a report save
OPENING = 10  # seconds: the opening burst, when the reporters all open and save their reports at once
PROCESS_KINDS = (("server (gunicorn)", "gunicorn"), ("task worker", "run_worker"), ("locust (the users)", "locust"))


def processor_seconds(seen):
    """Add to `seen` (pid -> [kind, seconds]) the processor time every process of the day has used so far: the
    server's processes, the task worker, PostgreSQL's, locust's. Read while they run (an ended process's count is
    gone), so the last reading before a process ends is what it used."""
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        name, fields = raw[raw.index("(") + 1:raw.rindex(")")], raw[raw.rindex(")") + 2:].split()
        kind = "PostgreSQL" if name.startswith("postgres") else next(
            (label for label, word in PROCESS_KINDS if word in command), None)
        if kind:
            seen[int(stat.parent.name)] = [kind, (int(fields[11]) + int(fields[12])) / tick]
    return seen


def timeline_table(timeline_csv, window=5):
    """The reporters' saves and edit pages per part of the day (`window` seconds): when the slow ones were."""
    rows = list(csv.reader(open(timeline_csv, encoding="utf-8")))  # noqa: SIM115
    names = ("report edit page", "report save", "report save and submit")
    print(f"\n{'reporters, per part of the day':42} " + " ".join(f"{name[:22]:>22}" for name in names))
    last = max((float(at) for at, _name, _ms in rows), default=0)
    for start in range(0, int(last) + 1, window):
        cells = []
        for name in names:
            times = [float(ms) for at, kind, ms in rows if kind == name and start <= float(at) < start + window]
            cells.append(f"{len(times)} × p95 {percentile(times, 0.95):.0f} ms" if times else "")
        if any(cells):
            print(f"{f'{start}-{start + window} s':42} " + " ".join(f"{cell:>22}" for cell in cells))
    saves = [float(ms) for _at, kind, ms in rows if kind in names[1:]]
    if saves:
        p95 = percentile(saves, 0.95)
        print(f"\nthe goal (issue 13), a report save under 1 s at p95: {len(saves)} saves (submitting or not), p95 "
              f"{p95:.0f} ms: {'met' if p95 < GOAL_MS else 'NOT met'} in this run")


def processor_table(before, after, seconds, opening=None):
    """Who used the machine's processors during the opening burst and the whole day: its share of the cores is
    what the server competes for."""
    def used(readings):
        totals = {}
        for pid, (kind, total) in (readings or {}).items():
            totals[kind] = totals.get(kind, 0) + total - before.get(pid, [kind, 0])[1]
        return totals
    cores = os.cpu_count() or 1
    day, first = used(after), used(opening)
    print(f"\n{'processor time (of ' + str(cores) + ' cores)':42} {f'first {OPENING} s':>16} {'whole day':>16}")
    for kind, total in sorted(day.items(), key=lambda item: -item[1]):
        start = f"{first.get(kind, 0):.1f} s {first.get(kind, 0) / (OPENING * cores):4.0%}" if opening else ""
        print(f"{kind:42} {start:>16} {f'{total:.1f} s {total / (seconds * cores):4.0%}':>16}")


def main():
    out = Path(tempfile.mkdtemp(prefix="antitrafik-loadtest-"))
    fresh_database()
    env = env_for(URL)
    accounts = subprocess.run([PY, "bench/loadtest/prepare.py"], cwd=ROOT, env=env, check=True, capture_output=True,
                              text=True).stdout.strip().splitlines()[-1]
    (out / "accounts.json").write_text(accounts, encoding="utf-8")
    # The planner's statistics, as autovacuum keeps them on a database in service (a copy just made has none).
    psql("VACUUM ANALYZE", database=urlparse(URL).path.lstrip("/"))
    started_at = time.time()
    with open(out / "server.log", "w") as log:
        server = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={PORT}", "HOST=127.0.0.1"], cwd=ROOT,
                                  env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        # At the priority the deployment gives it (antitrafik-worker@.service: Nice=10): pages before PDFs.
        worker = subprocess.Popen([PY, "manage.py", "run_worker", "--no-reload", "--worker-id", "loadtest"], cwd=ROOT,
                                  env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                  preexec_fn=lambda: os.nice(WORKER_NICE))  # noqa: PLW1509 - no threads started yet
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz/")
        wait_for_processes(out / "server.log")
        print(f"== locust: {SECONDS} s, 60 reporters, 4 coordinators, the director, /healthz/ probe "
              f"(gunicorn at 127.0.0.1:{PORT}, task worker running)", flush=True)
        before = processor_seconds({})
        day_started = time.time()
        locust = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "locust"), "-f", "bench/loadtest/locustfile.py", "--headless",
             "-u", "66", "-r", "22", "-t", f"{SECONDS}s", "--host", f"http://127.0.0.1:{PORT}",
             "--csv", str(out / "locust"), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"],
            cwd=ROOT, env={**env, "LOADTEST_ACCOUNTS": str(out / "accounts.json"), "LOADTEST_SAVES": str(out / "saves.json"),
                           "LOADTEST_TIMELINE": str(out / "timeline.csv")},
            stdout=open(out / "locust.log", "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
        after = processor_seconds(dict(before))
        opening = None  # the readings at the end of the opening burst
        while locust.poll() is None:
            time.sleep(0.5)
            processor_seconds(after)
            if opening is None and time.time() - day_started >= OPENING:
                opening = {pid: list(reading) for pid, reading in after.items()}
        day = time.time() - day_started
        failures = table(out / "locust_stats.csv")
        time.sleep(5)  # the worker finishes what the last requests queued
    finally:
        for process in (worker, server):
            os.killpg(process.pid, signal.SIGTERM)
        for process in (worker, server):
            process.wait(timeout=60)
    server_errors = sum(1 for line in open(out / "server.log", encoding="utf-8", errors="replace")  # noqa: SIM115
                        if '" 500 ' in line or "Traceback" in line)
    # Every user is signed in all day: a request sent to the sign-in page lost its session (locust follows the
    # redirect and would count the sign-in page as the page asked for).
    signed_out = sum(1 for line in open(out / "server.log", encoding="utf-8", errors="replace")  # noqa: SIM115
                     if REQUEST_LINE.search(line) and " path=/login/ " in line)
    server_table(out / "server.log")
    timeline_table(out / "timeline.csv")
    processor_table(before, after, day, opening)
    check = subprocess.run([PY, "bench/loadtest/check.py", str(out / "saves.json"), str(started_at)], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    print(check.stdout + check.stderr)
    print(f"failed requests: {failures}; server errors (500 or traceback) in its log: {server_errors}; "
          f"requests sent to the sign-in page: {signed_out}; files in {out}")
    if failures or server_errors or signed_out or check.returncode:
        sys.exit(1)


if __name__ == "__main__":
    main()
