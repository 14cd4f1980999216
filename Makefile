# Antitrafik: `make run` and `make test` do all the set-up on a fresh machine.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
DEMO_PASSWORD ?= Antitrafik-2026
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_WORKERS ?= 3
# Test processes: the suite runs in parallel (pytest-xdist), one file per process at a time.
TEST_WORKERS ?= 2
BACKUP_DIR ?= backups

# A real Python 3.12+ interpreter: $PYTHON if given, else pyenv's versions, else the system's.
# (pyenv's python3.12 shim exists but fails unless that version is selected, so shims are not trusted.)
define find_python
for c in "$$PYTHON" $$(ls -d "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.1[3-9]*/bin/python3 \
        "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.12*/bin/python3 2>/dev/null | sort -rV) \
        /usr/bin/python3.13 /usr/bin/python3.12 /usr/local/bin/python3.13 /usr/local/bin/python3.12 python3; do \
  [ -n "$$c" ] || continue; \
  if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then echo "$$c"; break; fi; \
done
endef

.PHONY: help run test serve lint check-deploy messages bench clean
.PHONY: backup restore loadtest bench-pages
help:
	@echo "make run     set up, migrate, load demo data if empty, serve at http://$(HOST):$(PORT)"
	@echo "make test    run the whole test suite (PostgreSQL if DATABASE_URL is set, else SQLite)"
	@echo "make serve   gunicorn with production settings (needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL; WEB_WORKERS=3)"
	@echo "make lint    ruff check";  echo "make bench   run the benchmarks in bench/"
	@echo "make backup  database dump + uploaded files into $(BACKUP_DIR)/ (PostgreSQL)"
	@echo "make loadtest  the deadline day under load (locust, PostgreSQL, ~2 min; LOADTEST_DATABASE_URL)"
	@echo "make restore DUMP=$(BACKUP_DIR)/<name>.dump [FORCE=1]   restore a backup (refuses a non-empty database)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@py="$$($(find_python))"; \
	if [ -z "$$py" ]; then \
	  echo "ERROR: Antitrafik needs Python 3.12 or newer and none was found."; \
	  echo "Install one (e.g. 'pyenv install 3.12') or point PYTHON=/path/to/python3.12 at it."; exit 1; \
	fi; \
	echo "Using $$py ($$("$$py" --version))"; \
	[ -x $(PY) ] && $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { rm -rf $(VENV); "$$py" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

# A local checkout gets a .env with DEBUG=True (gitignored), so that `python manage.py …` works in it
# afterwards without exporting anything; an existing .env is left as it is. Production has no .env.
.env:
	@printf '%s\n' '# Written by `make run` for local development (see .env.example for production).' 'DEBUG=True' > $@
	@echo "Wrote .env (DEBUG=True) for local management commands."

run: export DEBUG ?= True
run: $(VENV)/.installed .env
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo --if-empty --password "$(DEMO_PASSWORD)"
	@echo ""
	@echo "Antitrafik is at http://$(HOST):$(PORT)/"
	@echo "Demo logins (password: $(DEMO_PASSWORD)):"
	@echo "  director                     the unit's director"
	@echo "  coordinator1 … coordinator4  the coordinators (portfolios)"
	@echo "  reporter-psh, reporter-pp …  one per institution: reporter-<code in lower case>"
	@echo "  committee                    a State Committee member (read-only)"
	@echo "  The task worker (e-mails, reminders, committee PDFs) runs beside the server and stops with it."
	@echo ""
	@# The worker in the background, stopped when runserver ends (Ctrl+C, or any exit).
	@$(PY) manage.py run_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: export DEBUG ?= True
test: $(VENV)/.installed
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

serve: export DEBUG = False
serve: $(VENV)/.installed
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput -v0
	@echo "The task worker is a service of its own: 'manage.py run_worker' (docs/deploy/antitrafik-worker@.service)."
	$(VENV)/bin/gunicorn antitrafik.wsgi --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) --timeout 120 --access-logfile -

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

check-deploy: $(VENV)/.installed
	DEBUG=False SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9)} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-antitrafik.example.gov.al} \
	  EMAIL_URL=$${EMAIL_URL:-smtp+tls://antitrafik@smtp.example.gov.al:587} \
	  SITE_URL=$${SITE_URL:-https://antitrafik.example.gov.al} $(PY) manage.py check --deploy --fail-level WARNING

messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l sq --no-location --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'bench/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

bench: $(VENV)/.installed
	@for b in bench/bench_*.py; do echo "== $$b"; DEBUG=False SECRET_KEY=bench $(PY) $$b || exit 1; done

# Backups (docs/deployment.md): pg_dump's custom format and a tar of MEDIA_ROOT, side by side.
backup: $(VENV)/.installed
	$(PY) manage.py backup --output "$(BACKUP_DIR)"

restore: $(VENV)/.installed
	@test -n "$(DUMP)" || { echo "Usage: make restore DUMP=$(BACKUP_DIR)/<name>.dump [FORCE=1]"; exit 2; }
	$(PY) manage.py restore "$(DUMP)" $(if $(FORCE),--force)

# The quarter's last day under load (bench/loadtest/run.py): gunicorn + task worker on PostgreSQL, locust headless on
# the loopback for LOADTEST_SECONDS; prints per-action figures beside /healthz/ and checks the database. Not in `make test`.
loadtest: $(VENV)/.installed
	$(PY) bench/loadtest/run.py

# Throughput of the main pages through gunicorn, 16 clients, beside /healthz/ (bench/loadtest/pages.py).
bench-pages: $(VENV)/.installed
	$(PY) bench/loadtest/pages.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
