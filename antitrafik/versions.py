"""Versions of the data that the database keeps itself: a token per name that changes whenever a table it watches
changes, so that a process may keep what it built from those tables under the token it read.

Two versions are kept (`antitrafik.Version`, one row each):

* ``data``: every table except the sessions, django-axes' sign-in attempts, the security log and the throttles'
  counters, the migrations' log and the versions' own (UNWATCHED). Whole signed-in pages are kept under it
  (`antitrafik.kept_pages`).
* ``definitions``: the indicators' definitions (indicators, the institutions reporting them, dimensions, options,
  the positions of dimensions, rules, terms, pillars; registered by `strategy.definitions`). The institution's
  grids and a report's statistics section are kept under it.

A trigger on each watched table writes the new token, so no way of writing escapes it: `save()`, `update()`,
`bulk_create()`, deletes, raw SQL, a TRUNCATE, a restore. The triggers are installed after every `migrate` (a
`post_migrate` receiver), so a table added by a later migration is watched from then on.

When the token is written:

* ``definitions`` (rare changes) in the statement that changes a definition, in its transaction: a request
  that changes a definition and builds from it in the same transaction gets its own token, and a change rolled
  back leaves a token nobody reads.
* ``data`` (every save) on PostgreSQL when the writing transaction commits, once per transaction (a constraint
  trigger deferred to the commit), so that sixty reporters saving at once hold its row only while each commits;
  on SQLite, which writes one transaction at a time, with each row. A page is rendered outside any transaction
  that wrote (ATOMIC_REQUESTS is off), so the token it read first is never older than what it shows.

Tests never commit: there the data's version changes after each statement that writes
(`install_triggers(tests=True)`, tests/conftest.py), on PostgreSQL by advancing a sequence that the token includes
(one transaction rewriting a row thousands of times makes each rewrite slower).
"""

import re
import threading
import uuid

from django.db import connection

# Tables whose writes change nothing a process keeps: sessions (each sign-in, each minute of activity), sign-in
# attempts and lockouts (django-axes), the security log and the throttles' counters (every refused or failed
# request of anybody, signed in or not, writes them: watched, they would empty every kept page), the migrations'
# log and the versions themselves. No page that is kept shows them (tests/operations/test_kept_pages.py).
UNWATCHED = frozenset({"django_session", "django_migrations", "antitrafik_version", "axes_accessattempt",
                       "axes_accessfailurelog", "axes_accesslog", "institutions_securityevent",
                       "institutions_throttle"})
_watched = {}  # name -> (function returning the tables, True: at the commit / False: in the statement)

_PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION antitrafik_version_now() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO antitrafik_version (name, token) VALUES (TG_ARGV[0], md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION antitrafik_version_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  written text := 'antitrafik.written_' || TG_ARGV[0];
BEGIN
  IF coalesce(current_setting(written, true), '') <> txid_current()::text THEN
    PERFORM set_config(written, txid_current()::text, true);
    INSERT INTO antitrafik_version (name, token) VALUES (TG_ARGV[0], md5(random()::text || clock_timestamp()::text))
      ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION antitrafik_version_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('antitrafik_statements_' || TG_ARGV[0]);
  RETURN NULL;
END $$;
"""
_PG_TRIGGER = {
    "at_commit": ('CREATE CONSTRAINT TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                  "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION antitrafik_version_at_commit('{name}')"),
    "now": ('CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION antitrafik_version_now('{name}')"),
    "statement": ('CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                  "FOR EACH STATEMENT EXECUTE FUNCTION antitrafik_version_statement('{name}')"),
}
# A constraint trigger fires for rows only: a TRUNCATE (an operator's, in psql) changes the token in its statement.
_PG_TRUNCATE_TRIGGER = ('CREATE TRIGGER {trigger} AFTER TRUNCATE ON "{table}" '
                        "FOR EACH STATEMENT EXECUTE FUNCTION antitrafik_version_now('{name}')")
# An UPDATE, not an upsert: SQLite applies the conflict clause of the statement that fired a trigger to the
# trigger's own statements, so an INSERT OR IGNORE (a many-to-many add) would turn an upsert into nothing.
_SQLITE_TRIGGER = ('CREATE TRIGGER IF NOT EXISTS "{trigger}_{table}_{op}" AFTER {op} ON "{table}" BEGIN '
                   "UPDATE antitrafik_version SET token = lower(hex(randomblob(16))) WHERE name = '{name}'; END")


def watch(name, tables, *, at_commit):
    """Keep the version `name` of the tables `tables()` returns (names of this database's tables)."""
    assert re.fullmatch(r"[a-z]+", name), name
    _watched[name] = (tables, at_commit)


def _all_tables(using):
    return sorted(set(using.introspection.table_names(include_views=False)) - UNWATCHED)


watch("data", _all_tables, at_commit=True)


def trigger_name(name):
    return f"antitrafik_{name}_changed"


def watched_tables(name, using=connection):
    """The tables of this database that version `name` watches."""
    tables = _watched[name][0]
    if tables is _all_tables:
        return tables(using)
    return sorted(set(tables()) & set(using.introspection.table_names(include_views=False)))


def truncate_trigger_name(name):
    return f"antitrafik_{name}_truncated"


def _pg_triggers(cursor, name, *, trigger=None):
    cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
                   [trigger or trigger_name(name)])
    return {row[0] for row in cursor.fetchall()}


def install_triggers(using=connection, *, tests=False, replace=False):
    """Give every watched table its triggers (the missing ones; all of them again with `replace`). `tests`: the
    versions written at the commit change after each statement that writes instead (a test never commits)."""
    if using.vendor not in ("postgresql", "sqlite"):
        return
    with using.cursor() as cursor:
        if using.vendor == "postgresql":
            cursor.execute(_PG_FUNCTIONS)
        for name, (_tables, at_commit) in _watched.items():
            trigger, tables = trigger_name(name), watched_tables(name, using)
            if using.vendor == "sqlite":
                cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                               [trigger + "_%"])
                for old, table in cursor.fetchall():
                    if table not in tables:  # no longer watched
                        cursor.execute(f'DROP TRIGGER "{old}"')
                for table in tables:
                    for op in ("INSERT", "UPDATE", "DELETE"):
                        cursor.execute(_SQLITE_TRIGGER.format(trigger=trigger, table=table, op=op, name=name))
                continue
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS antitrafik_statements_{name}")
            mode = "now" if not at_commit else ("statement" if tests else "at_commit")
            have, truncated = _pg_triggers(cursor, name), truncate_trigger_name(name)
            have_truncate = _pg_triggers(cursor, name, trigger=truncated)
            for name_of, tables_with in ((trigger, have), (truncated, have_truncate)):
                for table in tables_with - set(tables):  # no longer watched
                    cursor.execute(f'DROP TRIGGER {name_of} ON "{table}"')
            for table in tables:
                if table in have and replace:
                    cursor.execute(f'DROP TRIGGER {trigger} ON "{table}"')
                if table not in have or replace:
                    cursor.execute(_PG_TRIGGER[mode].format(trigger=trigger, table=table, name=name))
                if mode == "at_commit" and table not in have_truncate:
                    cursor.execute(_PG_TRUNCATE_TRIGGER.format(trigger=truncated, table=table, name=name))
    from .models import Version

    for name in _watched:
        Version.objects.using(using.alias).get_or_create(name=name, defaults={"token": uuid.uuid4().hex})


def tables_without_trigger(name, using=connection):
    """Watched tables of version `name` that have no trigger (none after a migrate; tests ask)."""
    with using.cursor() as cursor:
        if using.vendor == "postgresql":
            have = _pg_triggers(cursor, name)
        else:
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                           [trigger_name(name) + "_%"])
            have = {row[0] for row in cursor.fetchall()}
    return [table for table in watched_tables(name, using) if table not in have]


def after_migrate(sender, using, **kwargs):
    """post_migrate receiver: watch the tables that a migration added."""
    from django.db import connections

    install_triggers(connections[using])


def token(name):
    """The current token of version `name` (one query, without the ORM: every kept page pays it), or None where
    the database keeps no versions."""
    if connection.vendor == "postgresql":
        sql = ("SELECT v.token || '.' || s.last_value FROM antitrafik_version v, "  # noqa: S608 - a name of ours
               f"antitrafik_statements_{name} s WHERE v.name = %s")
    elif connection.vendor == "sqlite":
        sql = "SELECT token FROM antitrafik_version WHERE name = %s"
    else:
        return None
    assert name in _watched, name
    with connection.cursor() as cursor:
        cursor.execute(sql, [name])
        row = cursor.fetchone()
    return row[0] if row else None


def request_token(request, name="data"):
    """The token of version `name` as this request read it first (one query per request, whoever asks first:
    the signed-in user, the second step's device, a kept page)."""
    tokens = request.__dict__.setdefault("_antitrafik_tokens", {})
    if name not in tokens:
        tokens[name] = token(name)
    return tokens[name]


class Kept:
    """What a process built from the data, kept under one token: the store is emptied when the token changes,
    and at most `limit` results are kept (the oldest goes first). Each process has its own; nothing is shared
    between servers, so several application servers stay right."""

    def __init__(self, limit):
        self.limit = limit
        self._lock = threading.Lock()
        self._token, self._entries = None, {}

    def get(self, token, key, build):
        """`build()` for `key`, kept under `token` (the one the request read before reading anything it builds
        from). A false token (no versions kept in this database) keeps nothing."""
        found, value = self.lookup(token, key)
        if not found:
            value = build()
            self.put(token, key, value)
        return value

    def lookup(self, token, key):
        """(True, what is kept for `key` under `token`) or (False, None)."""
        if not token:
            return False, None
        with self._lock:
            if self._token != token:
                self._token, self._entries = token, {}
            if key in self._entries:
                return True, self._entries[key]
        return False, None

    def put(self, token, key, value):
        """Keep `value` for `key`, if `token` is still the one kept under."""
        if not token:
            return
        with self._lock:
            if self._token == token:
                while len(self._entries) >= self.limit:
                    self._entries.pop(next(iter(self._entries)))
                self._entries[key] = value

    def forget(self):
        with self._lock:
            self._token, self._entries = None, {}
