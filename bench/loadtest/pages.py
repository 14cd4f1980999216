"""Pages as fast as their work: throughput of the main pages through gunicorn, 16 clients at once, beside /healthz/.

Run by `make bench-pages` (after `make loadtest` made the database): copies the demo into a fresh database
(run.py's), starts `make serve`, signs in, and for each page keeps 16 clients requesting it for
PAGES_SECONDS (default 8) seconds, after 2 s of the same not counted (every process warm); prints requests
per second and the share of /healthz/'s throughput measured in the same run. The goals (issue 13): every
signed-in page at least 25% of /healthz/, the 840-cell report pages 15%, a finalised committee report served
from what was frozen 50%. "My account" shows what any signed-in page costs before its own work.

The pages are kept while the data is unchanged (antitrafik.kept_pages), so the figures are those of a page asked
again; PAGES_RENDERED=1 keeps nothing (a dummy pages cache) and measures each page rendered every time, as
while reporters write on the deadline day.
"""

import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PORT, PY, ROOT, URL, env_for, fresh_database, wait_for  # noqa: E402

CLIENTS = 16
SECONDS = float(os.environ.get("PAGES_SECONDS", "8"))
WARM_UP_SECONDS = 2


class Session:
    """One client with its own connection and cookies."""

    def __init__(self, cookies=""):
        self.connection = http.client.HTTPConnection("127.0.0.1", int(PORT), timeout=60)
        self.cookies = cookies

    def request(self, method, path, body=None):
        headers = {"Cookie": self.cookies} if self.cookies else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            jar = dict(part.split("=", 1) for part in self.cookies.split("; ") if "=" in part)
            jar[name] = rest.split(";", 1)[0]
            self.cookies = "; ".join(f"{k}={v}" for k, v in jar.items())
        return response.status, content.decode("utf-8", "replace")


SETUP = """
import os, sys
sys.path.insert(0, "bench/loadtest")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antitrafik.settings")
import django
django.setup()
from django.db.models import Count
from prepare import signed_in
from institutions.choices import Role
from institutions.models import Institution, User
from reports import services
from reports.models import CommitteeReport, QuarterlyReport
from strategy.choices import PeriodStatus
from strategy.models import ReportingPeriod

busiest = Institution.objects.reporting().annotate(n=Count("indicators")).order_by("-n", "code").first()
reporter = User.objects.filter(role=Role.REPORTER, institution=busiest, is_active=True).first()
read = QuarterlyReport.objects.filter(institution=busiest, status="accepted").order_by("-period__year",
                                                                                     "-period__quarter").first()
period = ReportingPeriod.objects.filter(status=PeriodStatus.OPEN).order_by("-year", "-quarter").first()
draft = services.report_start(institution=busiest, period=period, by=reporter)
final = CommitteeReport.objects.filter(status="final").first()
print(read.pk, draft.pk, final.pk, signed_in(reporter), signed_in(User.objects.get(username="director")))
"""


def sessions_and_ids(env):
    """The pages' objects and signed-in sessions: the busiest institution's latest accepted report (read) and its
    draft in the open quarter (edit), a finalised committee report, and sessions of that institution's reporter and
    of the director (prepare.signed_in: both steps passed where the role needs two)."""
    out = subprocess.run([PY, "-c", SETUP], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    read, draft, final, reporter, director = out.stdout.split()[-5:]
    return read, draft, final, f"sessionid={reporter}", f"sessionid={director}"


def throughput(path, cookies):
    """Requests per second of CLIENTS Python threads for SECONDS (when wrk is not installed)."""
    counts, errors, stop = [0] * CLIENTS, [0] * CLIENTS, time.time() + SECONDS

    def client(i):
        session = Session(cookies)
        while time.time() < stop:
            status, _ = session.request("GET", path)
            counts[i] += 1
            errors[i] += status != 200

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / SECONDS, sum(errors)


def throughput_wrk(path, cookies, seconds=SECONDS):
    """Requests per second of CLIENTS connections for `seconds`, by wrk (light on the CPU the server shares)."""
    command = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds:.0f}s", "--timeout", "60s", f"http://127.0.0.1:{PORT}{path}"]
    if cookies:
        command[1:1] = ["-H", f"Cookie: {cookies}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", out)
    return rps, (int(bad.group(1)) if bad else 0) + (int(errors.group(1)) if errors else 0)


def main():
    fresh_database()
    env = env_for(URL)
    if os.environ.get("PAGES_RENDERED"):
        env["PAGES_CACHE_URL"] = "dummycache://"
    with open(Path(tempfile.gettempdir()) / "antitrafik-pages-server.log", "w") as log:
        server = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={PORT}", "HOST=127.0.0.1"], cwd=ROOT,
                                  env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz/", seconds=600)
        read, draft, final, reporter, director = sessions_and_ids(env)
        cells = Session(reporter).request("GET", f"/reports/{draft}/edit/")[1].count(' name="v-')
        measure = throughput_wrk if shutil.which("wrk") else throughput
        pages = [("/healthz/ (minimal view)", "/healthz/", ""),
                 ("my account (signed in, little on it)", "/account/", director),
                 (f"report page ({cells} cells)", f"/reports/{read}/", reporter),
                 (f"report edit page ({cells} cells)", f"/reports/{draft}/edit/", reporter),
                 ("activity list", "/plan/activities/", director),
                 ("status board", "/reports/board/", director),
                 ("institutions list", "/institutions/", director),
                 ("finalised committee report", f"/reports/committee/{final}/", director)]
        base = None
        print(f"client: {'wrk' if measure is throughput_wrk else 'Python threads (install wrk for lighter clients)'}")
        print(f"{'page':34} {'req/s':>8} {'of /healthz/':>13} {'errors':>7}   ({CLIENTS} clients, {SECONDS:.0f} s each)")
        for label, path, cookies in pages:
            status, _ = Session(cookies).request("GET", path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}, not 200: the measure would not be of the page.")
            if measure is throughput_wrk:  # every process warm (connections, templates, what it keeps): not counted
                measure(path, cookies, seconds=WARM_UP_SECONDS)
            rps, errors = measure(path, cookies)
            base = base or rps
            print(f"{label:34} {rps:8.1f} {100 * rps / base:12.1f}% {errors:7}", flush=True)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
