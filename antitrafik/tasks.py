"""Background tasks: enqueued with the data that caused them, tried again when they fail, and watched.

The tasks themselves live in their apps (`institutions/tasks.py`, `reports/tasks.py`); this module holds
what they share. Tasks take ids, never objects, and look their rows up again when they run: a row deleted
meanwhile ends the task cleanly with a reason.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("antitrafik.tasks")


class TaskGaveUp(Exception):  # noqa: N818 - the name says what happened
    """A task failed on its last attempt; the worker records it as failed with this message."""


def stores_tasks(task) -> bool:
    """True when `task`'s backend keeps tasks in the database (the worker runs them, they commit with the data)."""
    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue(task, *args, **kwargs):
    """Enqueue `task` with the current transaction.

    On the database backend the task row is written in the caller's transaction, so it exists exactly when
    the data that caused it does. Other backends (the immediate one of the tests) run it after the commit.
    """
    if stores_tasks(task):
        return task.enqueue(*args, **kwargs)
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
    return None


def retry_later(task, *, attempt: int, reason: str, args=(), kwargs=None):
    """Enqueue `task` again with `attempt` + 1 after a delay that doubles each time; raise TaskGaveUp after the last.

    The failed attempt itself ends normally (its result says it is retried); the new one carries the count.
    """
    kwargs = dict(kwargs or {})
    if attempt >= settings.TASK_MAX_ATTEMPTS:
        logger.error("Task %s gave up after %s attempts: %s", task.name, attempt, reason)
        raise TaskGaveUp(reason)
    delay = settings.TASK_RETRY_DELAY * 2 ** (attempt - 1)
    again = task
    if task.get_backend().supports_defer:
        again = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    logger.warning("Task %s attempt %s failed, tried again in %ss: %s", task.name, attempt, delay, reason)
    again.enqueue(*args, **{**kwargs, "attempt": attempt + 1})
    return f"retried: {reason}"


def requeue_stale_tasks(now=None) -> int:
    """Put back in the queue the tasks whose worker died while running them (running past TASK_STALE_AFTER).

    A task's writes are one transaction, so a killed worker left nothing half-written: running it again is safe.
    """
    now = now or timezone.now()
    limit = now - datetime.timedelta(seconds=settings.TASK_STALE_AFTER)
    return DBTaskResult.objects.running().filter(started_at__lt=limit).update(status="READY", started_at=None)


def queue_health(now=None):
    """("ok" or "degraded", seconds the oldest waiting task has waited, or 0) for /healthz/.

    Waiting means ready to run now (not a retry scheduled for later). Degraded when that wait passes
    TASK_QUEUE_DEGRADED_AFTER: no worker is running, or it cannot keep up.
    """
    now = now or timezone.now()
    oldest = (DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", "run_after").first())
    if oldest is None:
        return "ok", 0
    enqueued_at, run_after = oldest
    since = enqueued_at if run_after.year == 9999 else max(enqueued_at, run_after)
    age = max(0, int((now - since).total_seconds()))
    return ("degraded" if age > settings.TASK_QUEUE_DEGRADED_AFTER else "ok"), age


def requeue_tasks_of_worker(worker_id: str) -> int:
    """Put back in the queue the tasks a worker with this id was running when it stopped (called as it starts)."""
    running = DBTaskResult.objects.running().values_list("pk", "worker_ids")
    mine = [pk for pk, worker_ids in running if worker_ids and worker_ids[-1] == worker_id]
    return DBTaskResult.objects.running().filter(pk__in=mine).update(status="READY", started_at=None)
