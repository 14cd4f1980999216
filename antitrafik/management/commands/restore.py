"""Restore a backup written by `manage.py backup` into an empty database (or, with --force, over one)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antitrafik.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'manage.py backup': the database dump (<name>.dump) into the configured "
        "database, and the uploaded files (<name>.media.tar.gz beside it, if present) into MEDIA_ROOT. "
        "Refuses a database that already holds tables, or uploaded files, unless --force is given "
        "(then what they hold is replaced)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump", help="The .dump file.")
        parser.add_argument("--media", help="The tar of the uploaded files (default: <name>.media.tar.gz beside the dump).")
        parser.add_argument("--force", action="store_true", help="Replace what the database and MEDIA_ROOT hold.")

    def handle(self, *args, dump, media=None, force=False, verbosity=1, **options):
        dump = Path(dump)
        if media is None:
            beside = dump.with_name(dump.name.removesuffix(".dump") + ".media.tar.gz")
            media = beside if beside.exists() else None
        try:
            backup_restore(dump=dump, media=Path(media) if media else None, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Restored {dump}" + (f" and {media}" if media else "") + "."))
