"""Backups: the PostgreSQL database (pg_dump's custom format) and the uploaded files (MEDIA_ROOT, a tar beside it).

`manage.py backup` writes `<name>.dump` and `<name>.media.tar.gz` into a directory; `manage.py restore` reads
them back into an empty database (or, with --force, over a database that holds data). Both run PostgreSQL's
own tools with the connection settings of the project's database, the password passed in the environment.
"""

import datetime
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why, for the operator."""


def _connection(alias="default"):
    params = connections[alias].settings_dict
    if params["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://…); this database is "
                          f"{params['ENGINE'].rsplit('.', 1)[-1]}.")
    return params


def _environment(params):
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params.get(key):
            env[name] = str(params[key])
    return env


def _run(command, params):
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} was not found: install PostgreSQL's client tools (postgresql-client).")
    result = subprocess.run([tool, *command[1:]], env=_environment(params), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


def backup_create(*, directory: Path, name: str | None = None, alias: str = "default") -> tuple[Path, Path]:
    """Write the database dump and the tar of the uploaded files; returns their paths."""
    params = _connection(alias)
    directory.mkdir(parents=True, exist_ok=True)
    name = name or "antitrafik-" + datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    dump, media = directory / f"{name}.dump", directory / f"{name}.media.tar.gz"
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", params["NAME"]], params)
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(media, "w:gz") as tar:
        if media_root.is_dir():
            for child in sorted(media_root.iterdir()):
                tar.add(child, arcname=child.name)
    return dump, media


def database_is_empty(alias: str = "default") -> bool:
    """True when the database holds no table (a fresh `createdb`)."""
    with connections[alias].cursor() as cursor:
        return not connections[alias].introspection.table_names(cursor)


def backup_restore(*, dump: Path, media: Path | None = None, force: bool = False, alias: str = "default") -> None:
    """Restore the dump (and the uploaded files) into the database; refuse one that holds tables unless `force`.

    With `force` the existing tables are dropped first (pg_restore --clean) and the uploaded files replaced.
    """
    params = _connection(alias)
    if not dump.is_file():
        raise BackupError(f"No dump at {dump}.")
    if media is not None and not media.is_file():
        raise BackupError(f"No tar of the uploaded files at {media}.")
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        if not database_is_empty(alias):
            raise BackupError(f"The database {params['NAME']} is not empty: restore into a new database, "
                              "or give --force to replace what it holds.")
        if media is not None and media_root.is_dir() and any(media_root.iterdir()):
            raise BackupError(f"{media_root} is not empty: give --force to replace the uploaded files.")
    connections[alias].close()
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={params['NAME']}"]
    if force:
        command += ["--clean", "--if-exists"]
    _run([*command, str(dump)], params)
    if media is not None:
        _restore_media(media, media_root, replace=force)


def _restore_media(media: Path, media_root: Path, *, replace: bool) -> None:
    if replace and media_root.is_dir():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media, "r:gz") as tar:
        tar.extractall(media_root, filter="data")  # "data": no absolute paths, links out or device files
