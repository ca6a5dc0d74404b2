"""Tasks on a user's home page, contributed by other apps.

`units` imports no other app, yet a home page must say what waits for its user: dossiers to
receive, communes missing their criteria, registrations due, nominations to decide. Each app
registers a provider in its AppConfig.ready(); the home page asks every provider, in order, and
shows the tasks that have something to count. A provider costs a fixed, small number of queries
whatever the data size, and returns only what lies in the user's scope (through `for_user`).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    """One line of a task list: what to do, how many are waiting, and where to do it."""

    label: str
    count: int
    url: str
    # "danger" for overdue or returned, "warning" for waiting on the user, "info" otherwise.
    tone: str = "warning"
    detail: str = ""


_providers = {}


def register_tasks(key, *, order, provide):
    """`provide(user)` returns an iterable of Task; tasks with a count of 0 are not shown."""
    _providers[key] = (order, provide)


def tasks_for(user):
    tasks = []
    for _key, (_order, provide) in sorted(_providers.items(), key=lambda item: item[1][0]):
        tasks.extend(task for task in provide(user) if task.count)
    return tasks
