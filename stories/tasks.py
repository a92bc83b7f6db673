"""Heavy jobs of the community app, for the task worker."""

import logging

from django_tasks import task

from .outcomes import recount

logger = logging.getLogger(__name__)


@task()
def recount_outcomes() -> list[str]:
    """Recount the outcome charts' tallies (`manage.py recount_outcomes --background`)."""
    wrong = recount()
    for line in wrong:
        logger.warning("Outcome tally out of step: %s", line)
    logger.info("Outcome tallies recounted; %d were out of step.", len(wrong))
    return wrong
