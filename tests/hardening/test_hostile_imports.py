"""Issue #21: the same limits for every import. The hostile corpus (hostile_files.HOSTILE) against
every kind that `manage.py import_data --list` lists, through the command and through the kind's
upload page: each file refused within a second of CPU, with the message naming the limit, and
nothing written. An import page served by anything but the one set of views fails
`test_every_import_page_is_the_one_set_of_views_and_a_listed_kind`.

Each case is cheap: every hostile file is built once per test process (`hostile_bytes`; the
64 MB shared-string bomb alone took ~3 s to compress), and the web case logs in a user created
without a password (hashing one cost each case a PBKDF2 round)."""

import functools
import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import URLPattern, URLResolver, get_resolver

from awards.models import AwardRecord, Nominee
from emulation.models import Participant, Registration
from ntm_portal.lib.dataio.registry import KINDS
from targets.models import Certification, CommuneStatus
from tests.hardening import hostile_files
from units.access import Role
from units.models import Assignment


def _listed():
    out = io.StringIO()
    call_command("import_data", "--list", stdout=out)
    return [line.split("\t", 1)[0] for line in out.getvalue().splitlines()]


LISTED = _listed()
CASES = [(kind, name) for kind in LISTED for name in hostile_files.HOSTILE]


@functools.cache
def hostile_bytes(name):
    """The bytes of the hostile file `name`, built once per test process."""
    builder, _filename, _fragment = hostile_files.HOSTILE[name]
    return builder()


def written():
    return [
        model.objects.count()
        for model in (Certification, CommuneStatus, Participant, Registration, Nominee, AwardRecord)
    ]


def test_the_list_names_every_kind_of_the_issue():
    assert list(KINDS) == LISTED
    assert {"certifications", "statuses", "participants", "registrations", "award-history"} <= set(
        LISTED
    )


def _named_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named_patterns(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern


def test_every_import_page_is_the_one_set_of_views_and_a_listed_kind():
    """Every URL named "*import*" (not a template, the refused rows' download or a background
    job's page, which read no file) is served by the one upload or confirm view
    (ntm_portal/lib/dataio/views.py), so the corpus above reaches every import there is; and
    each kind's upload page is one of them."""
    from ntm_portal.lib.dataio import views

    served = {}
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        if "import" in name and not name.endswith(("_template", "_refused", "_job")):
            served[name] = pattern.callback
    # A plan's file is one JSON document, not rows (targets/plan_file.py): its upload is checked
    # by content and size like every other file field (test_upload_content.py, PlanFileForm).
    assert served.pop("targets:plan_import").__name__ == "plan_import"
    assert served
    assert {callback for callback in served.values()} == {views.upload, views.confirm}
    assert {spec.url_name for spec in KINDS.values()} <= set(served)


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_the_command_refuses_each_hostile_file_fast(db, tmp_path, kind, name):
    _builder, filename, fragment = hostile_files.HOSTILE[name]
    path = tmp_path / filename
    path.write_bytes(hostile_bytes(name))
    before = written()
    out = io.StringIO()
    started = time.process_time()
    with pytest.raises(CommandError, match="chưa ghi gì"):
        call_command("import_data", kind, str(path), stdout=out)
    elapsed = time.process_time() - started
    assert fragment in out.getvalue()
    assert elapsed < 1.0, f"{kind}, {name}: {elapsed:.2f} s"
    assert written() == before


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_the_upload_page_refuses_each_hostile_file_fast(client, db, kind, name):
    _builder, filename, fragment = hostile_files.HOSTILE[name]
    data = hostile_bytes(name)
    staff = get_user_model().objects.create(username="tinh", first_name="tinh")
    Assignment.objects.create(user=staff, role=Role.PROVINCE_STAFF)
    client.force_login(staff)
    before = written()
    started = time.process_time()
    response = client.post(
        KINDS[kind].upload_url, {"file": SimpleUploadedFile(filename, data)}, follow=True
    )
    elapsed = time.process_time() - started
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert elapsed < 1.0, f"{kind}, {name}: {elapsed:.2f} s"
    assert written() == before
