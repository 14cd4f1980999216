"""The quarter's last day, played by locust: 60 reporters, 4 coordinators, the director, and a health probe.

Started by run.py (`make loadtest`), which passes the accounts in LOADTEST_ACCOUNTS (a JSON file written by
prepare.py) and collects what each reporter last saved into LOADTEST_SAVES, to check afterwards that no
save was lost. Every request is named after the page or action, so locust's table reads per action.
"""

import csv
import html
import json
import os
import re
import threading
import time
from itertools import count

from locust import HttpUser, between, constant_pacing, events, task
from requests.cookies import RequestsCookieJar

ACCOUNTS = json.loads(open(os.environ["LOADTEST_ACCOUNTS"], encoding="utf-8").read())  # noqa: SIM115
SAVES_PER_REPORT = int(os.environ.get("LOADTEST_SAVES_PER_REPORT", "3"))
_reporters = iter(ACCOUNTS["reporters"])
_coordinators = iter(ACCOUNTS["coordinators"] * 2)
_lock = threading.Lock()
_tokens = count(1)
LAST_SAVED = {}  # report id -> the narrative of its last save the server confirmed
SUBMITTED = {}  # report id -> how many times the server confirmed a submission
TIMELINE = []  # (seconds since the first request, name, response time in ms): when the slow requests were


TAG = re.compile(r"<(/?)(form|input|select|option|textarea)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
TEXTAREA_END = re.compile(r"</textarea\s*>", re.IGNORECASE)


class FormReader:
    """The fields of the page's forms, as a browser posts them; `edit_form()` is the one with a `version` field (the
    report's edit form). Read with regular expressions over the form tags only: locust plays sixty browsers in one
    process on the server's machine, and a full HTML parse of each 100 kB page took the processor the server needs
    (and held every other user's response unread meanwhile)."""

    def __init__(self):
        self.forms = []

    def feed(self, page):
        form, select, position = None, None, 0
        while match := TAG.search(page, position):
            position = match.end()
            closing, tag, attributes = match.group(1), match.group(2).lower(), match.group(3)
            if closing:
                if tag == "select" and select is not None and form is not None:
                    name, value, options = select
                    form["fields"].append([name, value])
                    form["selects"][name] = options
                    select = None
                elif tag == "form":
                    form = None
                continue
            a = {m.group(1).lower(): html.unescape(next((v for v in m.group(2, 3, 4) if v is not None), ""))
                 for m in ATTRIBUTE.finditer(attributes)}
            if tag == "form":
                form = {"fields": [], "selects": {}}
                self.forms.append(form)
            elif tag == "option" and select is not None:
                select[2].append(a.get("value", ""))
                if "selected" in a:
                    select[1] = a.get("value", "")
            elif tag == "textarea":
                end = TEXTAREA_END.search(page, position)
                if end is None:
                    break
                if form is not None and "name" in a:
                    form["fields"].append([a["name"], html.unescape(page[position:end.start()])])
                position = end.end()
            elif form is None or "name" not in a:
                continue
            elif tag == "input" and a.get("type") not in ("submit", "button", "file"):
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    continue
                form["fields"].append([a["name"], a.get("value", "")])
            elif tag == "select":
                select = [a["name"], "", []]

    def edit_form(self):
        return next((f for f in self.forms if any(name == "version" for name, _ in f["fields"])), None)


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoopbackCookies(RequestsCookieJar):
    """The browser's cookies, sent back over the loopback's plain HTTP: production cookies are Secure (HTTPS
    only), and a session cookie the server renews (after any request, a POST too) must not be dropped."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class Person(HttpUser):
    """A signed-in user of the unit; the test server speaks plain HTTP on the loopback."""

    abstract = True
    wait_time = between(2, 5)  # reading and typing between two clicks

    def sign_in(self, account):
        """Take the session prepare.py opened for the account (signed in before the day began)."""
        self.client.cookies = LoopbackCookies()
        self.client.cookies.set("sessionid", account["session"], domain="127.0.0.1", path="/")
        self.username = account["username"]

    def get(self, path, name):
        return self.client.get(path, name=name)

    def csrf(self):
        return self.client.cookies.get("csrftoken")

    def post_confirm(self, path, name, data=None):
        """GET a confirmation page, then POST it (as a person clicking the button)."""
        page = self.get(path, name=f"{name} (confirm page)")
        token = CSRF.search(page.text)
        if not token:
            return None
        with self.client.post(path, {"csrfmiddlewaretoken": token.group(1), **(data or {})}, name=name,
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"{name}: {response.status_code}")
            return response


class Reporter(Person):
    """Opens the institution's report, fills it in over a few saves, submits it, then reads it."""

    fixed_count = len(ACCOUNTS["reporters"])

    def on_start(self):
        with _lock:
            account = next(_reporters)
        self.report = account["report"]
        self.saves = 0
        self.submitted = account["status"] not in ("draft", "returned")
        self.sign_in(account)

    @task
    def work_on_the_report(self):
        if self.submitted:
            self.get(f"/reports/{self.report}/", name="report page")
            return
        if self.saves + 1 >= SAVES_PER_REPORT and not self.follow_up_answered():
            return  # answered first: saving the follow-up changes the report's version the edit form carries
        page = self.get(f"/reports/{self.report}/edit/", name="report edit page")
        reader = FormReader()
        reader.feed(page.text)
        form = reader.edit_form()
        if form is None:
            self.submitted = True  # no longer editable (submitted meanwhile)
            return
        with _lock:
            token = f"Ecuria e javës, ruajtja {next(_tokens)} nga {self.username}"
        fields, first_narrative = [], True
        for name, value in form["fields"]:
            if name.endswith("-status") and not value:
                options = form["selects"].get(name, [])
                value = "in_progress" if "in_progress" in options else next((o for o in options if o), "")
            elif name.endswith("-narrative") and first_narrative:
                value, first_narrative = token, False
            elif name == "warning_explanation":
                value = "Shifrat u verifikuan me regjistrat e institucionit."
            fields.append((name, value))
        if not any(name == "warning_explanation" for name, _ in fields):
            fields.append(("warning_explanation", "Shifrat u verifikuan me regjistrat e institucionit."))
        submit = self.saves + 1 >= SAVES_PER_REPORT
        fields.append(("action", "submit" if submit else "save"))
        name = "report save and submit" if submit else "report save"
        with self.client.post(f"/reports/{self.report}/edit/", fields, name=name, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"{name}: {response.status_code}")
                return
            with _lock:
                if not first_narrative:  # the token was posted (a report without activities has no narrative)
                    LAST_SAVED[self.report] = token
                if submit:
                    SUBMITTED[self.report] = SUBMITTED.get(self.report, 0) + 1
        self.saves += 1
        self.submitted = submit


    def follow_up_answered(self):
        """Before submitting: a status and an account for each decision or recommendation of the State Committee
        assigned to the institution (the follow-up part of the report), as the reporter writes them."""
        path = f"/reports/{self.report}/follow-up/"
        page = self.get(path, name="follow-up form")
        reader = FormReader()
        reader.feed(page.text)
        form = reader.edit_form()
        if form is None or not any(name.startswith("f-") for name, _ in form["fields"]):
            return True  # nothing assigned to the institution
        fields = []
        for name, value in form["fields"]:
            if name.endswith("-status") and not value:
                value = "in_progress"
            elif name.endswith("-account") and not value:
                value = "Takimi i grupit të punës u mbajt; puna vazhdon sipas planit."
            fields.append((name, value))
        with self.client.post(path, fields, name="follow-up save", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"follow-up save: {response.status_code}")
                return False
        return True


class Coordinator(Person):
    """Works through the review queue: reads each submitted report of the portfolio and accepts it."""

    fixed_count = 4

    def on_start(self):
        with _lock:
            self.sign_in(next(_coordinators))

    @task
    def review(self):
        queue = self.get("/reports/queue/", name="review queue")
        ids = sorted({int(i) for i in re.findall(r'href="/reports/(\d+)/"', queue.text)})
        if not ids:
            return
        report = ids[0]
        page = self.get(f"/reports/{report}/", name="report page (review)")
        token = CSRF.search(page.text)
        if token is None or f"/reports/{report}/accept/" not in page.text:
            return  # not acceptable now (accepted by a colleague meanwhile)
        with self.client.post(f"/reports/{report}/accept/", {"csrfmiddlewaretoken": token.group(1)}, name="report accept",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"report accept: {response.status_code}")


class Director(Person):
    """Watches the board, reads the draft committee report and finalises it once, midway through the day."""

    fixed_count = 1
    wait_time = between(3, 6)

    def on_start(self):
        self.sign_in(ACCOUNTS["director"])
        self.rounds = 0
        self.finalised = False

    @task
    def follow_up(self):
        self.rounds += 1
        self.get("/reports/board/", name="status board")
        listing = self.get("/reports/committee/", name="committee reports list")
        drafts = sorted({int(i) for i in re.findall(r'href="/reports/committee/(\d+)/"', listing.text)})
        if not drafts:
            return
        draft = ACCOUNTS.get("committee_draft") or drafts[-1]
        self.get(f"/reports/committee/{draft}/", name="committee report page")
        if not self.finalised and self.rounds >= 4:
            self.finalised = True
            self.post_confirm(f"/reports/committee/{draft}/finalise/", "committee report finalise",
                              {"coverage_reason": "Komiteti mblidhet sot; raportet e munguara shënohen në raport."})


class HealthProbe(HttpUser):
    """The minimal Django view under the same load: its figures are the yardstick for the pages'."""

    fixed_count = 1
    wait_time = constant_pacing(0.5)

    @task
    def healthz(self):
        self.client.get("/healthz/", name="/healthz/ (minimal view)")


@events.request.add_listener
def _keep_time(name, response_time, **kwargs):
    now = time.monotonic()
    with _lock:
        TIMELINE.append((now, name, response_time))


@events.quitting.add_listener
def _write_saves(environment, **kwargs):
    with open(os.environ["LOADTEST_SAVES"], "w", encoding="utf-8") as out:
        json.dump({"last_saved": LAST_SAVED, "submitted": SUBMITTED}, out)
    if os.environ.get("LOADTEST_TIMELINE"):
        first = min((at for at, _name, _ms in TIMELINE), default=0)
        with open(os.environ["LOADTEST_TIMELINE"], "w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows((f"{at - first:.2f}", name, round(ms)) for at, name, ms in TIMELINE)
