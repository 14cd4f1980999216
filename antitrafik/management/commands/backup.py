"""Back up the database and the uploaded files (see docs/deployment.md for the schedule and the off-site copy)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antitrafik.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a backup of the PostgreSQL database (pg_dump, custom format: <name>.dump) and of the uploaded "
        "files (MEDIA_ROOT: <name>.media.tar.gz) into a directory. Restore them with 'manage.py restore'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="The directory to write into (default: backups/).")
        parser.add_argument("--name", help="The files' name without extension (default: antitrafik-<UTC date-time>).")

    def handle(self, *args, output, name=None, verbosity=1, **options):
        try:
            dump, media = backup_create(directory=Path(output), name=name)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Database: {dump} ({dump.stat().st_size} bytes)"))
            self.stdout.write(self.style.SUCCESS(f"Uploaded files: {media} ({media.stat().st_size} bytes)"))
