"""The task worker: django-tasks-db's `db_worker`, which first puts back the tasks of a worker that died."""

import os
import socket

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from antitrafik.tasks import requeue_stale_tasks, requeue_tasks_of_worker

# How often (seconds, at most) a running worker looks for tasks abandoned by another worker that died.
STALE_CHECK_INTERVAL = 60


class Worker(db_worker.Worker):
    """The worker loop of django-tasks-db, looking now and then for tasks abandoned by dead workers."""

    _checked_at = None

    def run_task(self, db_task_result):
        now = timezone.now()
        if self._checked_at is None or (now - self._checked_at).total_seconds() > STALE_CHECK_INTERVAL:
            self._checked_at = now
            requeue_stale_tasks(now)
        return super().run_task(db_task_result)


class Command(db_worker.Command):
    help = (
        "Run the background tasks (e-mails, reminders, committee report PDFs) as they are queued. "
        "On start it first queues again the tasks this worker (same --worker-id) was running when it was "
        "stopped or killed, and those running longer than TASK_STALE_AFTER on any worker. Give each worker "
        "of the installation its own --worker-id (default: the host name)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=socket.gethostname()[:64] or "worker")

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options):
        self.configure_logging(verbosity)
        again = requeue_tasks_of_worker(worker_id) + requeue_stale_tasks()
        if again and verbosity:
            self.stdout.write(self.style.WARNING(f"{again} interrupted task(s) queued again."))
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_name.split(","):
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(queue_names=queue_name.split(","), interval=interval, batch=batch, backend_name=backend_name,
                        startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                        excluded_queue_names=excluded)
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
