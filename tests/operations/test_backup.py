"""make backup / make restore: a backup restored into a fresh database holds every row, file and checksum.

PostgreSQL only (pg_dump and pg_restore); .ci/run runs it.
"""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from reports.choices import CommitteeReportStatus
from reports.committee.services import figures_checksum
from reports.models import CommitteeReport
from tests.committee.builders import build_committee_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (pg_dump, pg_restore)"),
    pytest.mark.django_db(transaction=True),  # pg_dump, another process, must see the rows: they are committed
]
ROOT = Path(__file__).resolve().parents[2]


def row_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - the names come from the introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def finalised_reports(cursor):
    cursor.execute("SELECT id, frozen_pdf, pdf_sha256, frozen_figures, figures_sha256 FROM reports_committeereport "
                   "WHERE status = %s ORDER BY id", [CommitteeReportStatus.FINAL])
    # Django's connection reads jsonb as text, psycopg2's own as Python values.
    return [(pk, bytes(pdf), pdf_sha, json.loads(figures) if isinstance(figures, str) else figures, figures_sha)
            for pk, pdf, pdf_sha, figures, figures_sha in cursor.fetchall()]


def restore(dump, database, media_root, *extra):
    params = connection.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{database}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media_root), "DEBUG": "True"}
    return subprocess.run([sys.executable, "manage.py", "restore", str(dump), *extra],  # noqa: S603 - our manage.py
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def fresh_database():
    name = connection.settings_dict["NAME"] + "_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_a_fresh_database_has_every_row_file_and_checksum(tmp_path, settings, fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "uploads").mkdir(parents=True)
    (settings.MEDIA_ROOT / "uploads" / "plan.xlsx").write_bytes(b"an uploaded spreadsheet")
    world = build_committee_world()
    figures = {"indicators": [{"code": "VT-01", "total": 42}], "title": "Raporti i tremujorit"}
    pdf = b"%PDF-1.7 a frozen committee report \x00\xff"
    CommitteeReport.objects.create(
        title="Raporti 2025", created_by=world.director, status=CommitteeReportStatus.FINAL, frozen_figures=figures,
        frozen_pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest(), figures_sha256=figures_checksum(figures))
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = row_counts(cursor, tables)
        before_reports = finalised_reports(cursor)
    assert before["reports_quarterlyreport"] > 5 and before_reports

    call_command("backup", output=str(tmp_path / "backups"), name="nightly", verbosity=0)
    dump = tmp_path / "backups" / "nightly.dump"
    restored_media = tmp_path / "restored-media"
    result = restore(dump, fresh_database, restored_media)
    assert result.returncode == 0, result.stderr

    params = connection.settings_dict
    with psycopg2.connect(dbname=fresh_database, user=params["USER"], host=params["HOST"], port=params["PORT"]) as db:
        with db.cursor() as cursor:
            assert row_counts(cursor, tables) == before  # every table, every row
            after_reports = finalised_reports(cursor)
        db.rollback()
    assert after_reports == before_reports
    for _pk, pdf_bytes, pdf_sha, frozen, figures_sha in after_reports:
        assert hashlib.sha256(pdf_bytes).hexdigest() == pdf_sha
        assert figures_checksum(frozen) == figures_sha
    assert (restored_media / "uploads" / "plan.xlsx").read_bytes() == b"an uploaded spreadsheet"

    # The database now holds data: a second restore is refused, unless forced.
    again = restore(dump, fresh_database, tmp_path / "other-media")
    assert again.returncode != 0 and "is not empty" in again.stderr
    forced = restore(dump, fresh_database, restored_media, "--force")
    assert forced.returncode == 0, forced.stderr


def test_backup_needs_postgresql_tools_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump on the path
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="pg_dump was not found"):
        call_command("backup", output=str(tmp_path / "b"), verbosity=0)
