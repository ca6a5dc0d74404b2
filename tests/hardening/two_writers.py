"""One of the two people of tests/hardening/test_two_writers_postgres.py, as its own process with
its own connection to a PostgreSQL database (DATABASE_URL).

    python -m tests.hardening.two_writers setup  DIR   # the nominee and the two people
    python -m tests.hardening.two_writers first  DIR   # saves, then holds its transaction
    python -m tests.hardening.two_writers second DIR   # saves from the same page, meanwhile

Each writer opens the nominee's edit page, says so (DIR/ready-<role>), waits for DIR/go-<role>,
changes the position and saves. The first, once its save is written but not committed, says so
(DIR/first-holds-lock) and waits for DIR/release. Each writes what it got to DIR/<role>.json."""

import json
import os
import sys
import time
from pathlib import Path

import django

POSITIONS = {"first": "Phó Chủ tịch UBND xã", "second": "Bí thư Đảng ủy xã"}


def wait_for(path, seconds=120):
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{path.name} never came")
        time.sleep(0.05)


def setup(folder):
    from django.contrib.auth import get_user_model

    from tests.awards.helpers import person
    from units.access import Role
    from units.models import Assignment, Unit

    users = get_user_model().objects
    officer = users.create_user(username="huyen.a", first_name="Cán bộ A")
    Assignment.objects.create(
        user=officer, role=Role.DISTRICT_OFFICER, unit=Unit.objects.get(code="910")
    )
    admin = users.create_user(username="quantri.b", first_name="Quản trị B")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    nominee = person("Trần Văn Hai Người", by=officer)
    (folder / "setup.json").write_text(json.dumps({"nominee": nominee.pk}))


def write(folder, role):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from tests.hardening.browser import form_holding

    pk = json.loads((folder / "setup.json").read_text())["nominee"]
    user = get_user_model().objects.get(username="huyen.a" if role == "first" else "quantri.b")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("awards:nominee_update", args=[pk])
    data = form_holding(client.get(url).content.decode(), 'name="position"')
    data["position"] = POSITIONS[role]
    if role == "first":
        from awards.views import nominees

        real_save = nominees.save_nominee

        def save_then_hold(nominee, *, by):
            saved = real_save(nominee, by=by)  # written, under the row lock, not committed
            (folder / "first-holds-lock").touch()
            wait_for(folder / "release")
            return saved

        nominees.save_nominee = save_then_hold
    (folder / f"ready-{role}").touch()
    wait_for(folder / f"go-{role}")
    started = time.monotonic()
    response = client.post(url, data)
    result = {
        "status": response.status_code,
        "page": response.content.decode(),
        "seconds": time.monotonic() - started,
        "version_sent": data["edit_version"],
    }
    (folder / f"{role}.json").write_text(json.dumps(result))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")
    django.setup()
    role, folder = sys.argv[1], Path(sys.argv[2])
    setup(folder) if role == "setup" else write(folder, role)
