"""The versions of the data that the database keeps (antitrafik.versions): every table but a few has its trigger,
every way of writing gives a new token, the definitions' own version changes only with them; on PostgreSQL the
data's token waits for the commit and the definitions' changes in the writing statement."""

import pytest
from django.db import connection, transaction

from antitrafik import versions
from institutions.models import Institution
from reports.models import ReviewComment, StatValue
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def token():
    return versions.token("data")


def test_every_table_but_the_unwatched_has_its_trigger():
    assert versions.tables_without_trigger("data") == []
    assert versions.tables_without_trigger("definitions") == []
    tables = set(connection.introspection.table_names())
    assert {"reports_statvalue", "reports_quarterlyreport", "institutions_user", "strategy_activity",
            "django_tasks_database_dbtaskresult"} <= set(versions.watched_tables("data"))
    assert versions.UNWATCHED & tables == {"django_session", "django_migrations", "antitrafik_version",
                                           "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog",
                                           "institutions_securityevent", "institutions_throttle"}
    assert versions.watched_tables("definitions") == sorted(
        ["strategy_pillar", "strategy_dimension", "strategy_dimensionoption", "strategy_indicator",
         "strategy_indicatordimension", "strategy_validationrule", "strategy_ruleterm",
         "strategy_indicator_reporting_institutions"])


@pytest.mark.parametrize("write", ["save", "queryset update", "bulk create", "delete", "raw SQL", "many-to-many"])
def test_every_way_of_writing_gives_the_data_a_new_token(write, institution, filled_report, coordinator):
    before, definitions = token(), versions.token("definitions")
    if write == "save":
        institution.name = "Emër tjetër"
        institution.save()
    elif write == "queryset update":
        StatValue.objects.filter(report=filled_report).update(value=7)
    elif write == "bulk create":
        ReviewComment.objects.bulk_create([ReviewComment(report=filled_report, author=coordinator, body="Shënim")])
    elif write == "delete":
        StatValue.objects.filter(report=filled_report)[:1].get().delete()
    elif write == "raw SQL":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE reports_quarterlyreport SET warning_explanation = %s WHERE id = %s",
                           ["me SQL", filled_report.pk])
    elif write == "many-to-many":
        from strategy.models import Indicator

        Indicator.objects.first().reporting_institutions.add(InstitutionFactory())
    assert token() != before
    assert (versions.token("definitions") != definitions) == (write == "many-to-many")  # only theirs change them


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one transaction at a time: no deferral")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_data_token_changes_when_the_writing_transaction_commits(institution):
    versions.install_triggers(connection, replace=True)  # as migrate installs them
    try:
        before = token()
        with transaction.atomic():
            for n in range(3):
                Institution.objects.filter(pk=institution.pk).update(name=f"Emri {n}")
            assert token() == before  # nobody else can see the change yet: the token waits for the commit
        after = token()
        assert after != before
        with transaction.atomic():
            Institution.objects.filter(pk=institution.pk).update(name="Emri i fundit")
            transaction.set_rollback(True)
        assert token() == after  # rolled back: nothing changed
        with connection.cursor() as cursor:  # an operator's TRUNCATE: no rows for a row trigger, a new token all the same
            cursor.execute("TRUNCATE reports_reviewcomment CASCADE")
        assert token() != after
    finally:
        versions.install_triggers(connection, tests=True, replace=True)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one transaction at a time: no deferral")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_definitions_token_changes_in_the_writing_statement(institution):
    from strategy.models import Pillar

    versions.install_triggers(connection, replace=True)
    try:
        before = versions.token("definitions")
        with transaction.atomic():
            Pillar.objects.update(title="Shtylla")
            changed = versions.token("definitions")
            assert changed != before  # the transaction that changed them builds under its own token
            transaction.set_rollback(True)
        assert versions.token("definitions") == before  # rolled back: the token nobody else read is gone
    finally:
        versions.install_triggers(connection, tests=True, replace=True)


def test_a_table_no_longer_watched_loses_its_trigger():
    """The security log was watched once: a database migrated then keeps no trigger on it after the next migrate."""
    table = "institutions_securityevent"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'CREATE TRIGGER {versions.trigger_name("data")} AFTER INSERT ON "{table}" '
                           "FOR EACH STATEMENT EXECUTE FUNCTION antitrafik_version_statement('data')")
        else:
            name = f"{versions.trigger_name('data')}_{table}_INSERT"
            cursor.execute(f'CREATE TRIGGER "{name}" AFTER INSERT ON "{table}" BEGIN '  # noqa: S608 - our names
                           "UPDATE antitrafik_version SET token = 'x' WHERE name = 'data'; END")
    before = token()
    versions.install_triggers(connection, tests=True)
    from institutions.models import SecurityEvent

    SecurityEvent.objects.create(kind="sign_in_failed", username="dikush")
    assert token() == before
    assert versions.tables_without_trigger("data") == []
