"""Background tasks of the registry."""

from __future__ import annotations

from django_tasks import task

from hoanhap.people.identity.delivery import population_events_send


@task()
def population_events_send_task() -> dict[str, int]:
    """Send the pending reports of deaths and moves to the national population database."""
    return population_events_send().as_dict()
