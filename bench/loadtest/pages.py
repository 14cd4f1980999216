"""Pages as fast as their work: throughput of the main pages through gunicorn, 16 clients at once, beside /healthz/.

Run by `make bench-pages` (after `make loadtest` made the database): copies the demo into a fresh database
(run.py's), starts `make serve`, signs in, and for each page keeps 16 clients requesting it for
PAGES_SECONDS (default 8) seconds; prints requests per second and the share of /healthz/'s throughput
measured in the same run. The goals (issue 13): every signed-in page at least 25% of /healthz/, the
840-cell report pages 15%, a finalised committee report served from what was frozen 50%.
"""

import http.client
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PASSWORD, PORT, PY, ROOT, URL, env_for, fresh_database, wait_for  # noqa: E402

CLIENTS = 16
SECONDS = float(os.environ.get("PAGES_SECONDS", "8"))


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


def sign_in(username):
    session = Session()
    _status, page = session.request("GET", "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _ = session.request("POST", "/login/", urlencode({"username": username, "password": PASSWORD,
                                                               "csrfmiddlewaretoken": token}))
    assert status == 302, f"{username} could not sign in"
    return session.cookies


def throughput(path, cookies):
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


def main():
    fresh_database()
    env = env_for(URL)
    with open(Path(tempfile.gettempdir()) / "antitrafik-pages-server.log", "w") as log:
        server = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={PORT}", "HOST=127.0.0.1"], cwd=ROOT,
                                  env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz/", seconds=600)
        ids = subprocess.run([PY, "-c", (
            "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','antitrafik.settings');django.setup();"
            "from reports.models import QuarterlyReport as Q, CommitteeReport as C;"
            "r=Q.objects.filter(status='draft').order_by('-pk').first();"
            "print(r.pk, r.institution.code.lower(), C.objects.filter(status='final').first().pk)")],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.split()
        report, code, final = ids
        director, reporter = sign_in("director"), sign_in(f"reporter-{code}")
        pages = [("/healthz/ (minimal view)", "/healthz/", ""),
                 ("report page (840 cells)", f"/reports/{report}/", reporter),
                 ("report edit page", f"/reports/{report}/edit/", reporter),
                 ("activity list", "/plan/activities/", director),
                 ("status board", "/reports/board/", director),
                 ("institutions list", "/institutions/", director),
                 ("finalised committee report", f"/reports/committee/{final}/", director)]
        base = None
        print(f"{'page':34} {'req/s':>8} {'of /healthz/':>13} {'errors':>7}   ({CLIENTS} clients, {SECONDS:.0f} s each)")
        for label, path, cookies in pages:
            rps, errors = throughput(path, cookies)
            base = base or rps
            print(f"{label:34} {rps:8.1f} {100 * rps / base:12.1f}% {errors:7}", flush=True)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
