"""
What /healthz reports: each service the site talks to, checked cheaply enough to be asked
every few seconds by a load balancer.

- database: one query. Without it nothing works: the site is "down" (503).
- cache (Redis): a write and a read. Without it pages still work, slower, so "degraded".
- tasks: how long the oldest task that is due has waited (a stopped worker shows here), and
  how many failed for good in the last day.
- mail: "retrying" while the worker is waiting to try a failed e-mail again.
- storage: whether the upload storages answer.

django-health-check was considered: it has no check for django-tasks or for our mail
queue, and its checks write to storage on every call; these few functions are smaller
than configuring it.
"""

import datetime
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

OK, DEGRADED, DOWN = "ok", "degraded", "down"
# A due task waiting longer than this means the worker is stopped or far behind.
TASK_DELAY_LIMIT = datetime.timedelta(minutes=5)


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # a health check reports failures, it never raises
        logger.warning("Health check %s failed", check.__name__, exc_info=True)
        result = {"status": DOWN, "error": type(error).__name__}
    result["milliseconds"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK}


def cache_service() -> dict:
    key, value = "healthz-probe", uuid.uuid4().hex
    cache.set(key, value, 30)
    return {"status": OK if cache.get(key) == value else DEGRADED}


def tasks() -> dict:
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return {"status": OK, "backend": "immediate"}
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    # A task queued to run at once has the backend's "no date" as run_after: its wait
    # counts from when it was queued; a deferred one's from when it fell due.
    since = [
        ready.filter(run_after=get_date_max())
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first(),
        ready.exclude(run_after=get_date_max())
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first(),
    ]
    due = [moment for moment in since if moment is not None]
    waited = (now - min(due)) if due else datetime.timedelta(0)
    failed = DBTaskResult.objects.filter(
        status="FAILED", finished_at__gte=now - datetime.timedelta(days=1)
    ).count()
    return {
        "status": DEGRADED if waited > TASK_DELAY_LIMIT else OK,
        "oldest_due_seconds": int(waited.total_seconds()),
        "failed_last_day": failed,
    }


def mail() -> dict:
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return {"status": OK}
    from django_tasks_db.models import DBTaskResult, get_date_max

    retrying = (
        DBTaskResult.objects.filter(
            status="READY", task_path="cryoinfo.mail.deliver", run_after__gt=timezone.now()
        )
        .exclude(run_after=get_date_max())
        .count()
    )
    return {"status": DEGRADED if retrying else OK, "waiting_to_retry": retrying}


def storage() -> dict:
    for alias in ("default", "private"):
        storages[alias].exists("healthz-probe")
    return {"status": OK}


CHECKS = {
    "database": database,
    "cache": cache_service,
    "tasks": tasks,
    "mail": mail,
    "storage": storage,
}


def report() -> dict:
    """Every check; the site is down without its database, degraded without the rest."""
    results = {name: _timed(check) for name, check in CHECKS.items()}
    if results["database"]["status"] == DOWN:
        # The task and mail checks read the database too: say so, not twice "down".
        for name in ("tasks", "mail"):
            results[name] = {"status": "unknown"}
        status = DOWN
    elif all(result["status"] == OK for result in results.values()):
        status = OK
    else:
        status = DEGRADED
    return {"status": status, "release": settings.RELEASE, "checks": results}
