"""`collectstatic` only when the static files or their storage changed since the last collection.

The production start runs it on every (re)start: collecting and compressing some 900 files takes
10–20 s on a small server, and a restart that changes no static file (a new worker setting, a
reboot) need not pay it. The fingerprint covers every source file the finders list (path and
content) and the storage backend, and is written into STATIC_ROOT only after a collection that
succeeded, so an interrupted one is redone.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand

FINGERPRINT_FILE = ".sources-fingerprint"


def static_sources_fingerprint():
    """One hash of every static source file (path and content) and of the storage backend."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    files = {}
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=[]):
            # The first finder that lists a path wins, as in collectstatic itself.
            files.setdefault(path, storage.path(path))
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(hashlib.sha256(Path(files[path]).read_bytes()).digest())
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Chạy collectstatic khi tệp tĩnh hoặc cách lưu chúng đã thay đổi từ lần thu gom trước."

    def handle(self, *args, **options):
        stamp = Path(settings.STATIC_ROOT) / FINGERPRINT_FILE
        fingerprint = static_sources_fingerprint()
        if stamp.is_file() and stamp.read_text().strip() == fingerprint:
            self.stdout.write(f"Tệp tĩnh không đổi: giữ nguyên {settings.STATIC_ROOT}.")
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(fingerprint + "\n")
        self.stdout.write(f"Đã thu gom tệp tĩnh vào {settings.STATIC_ROOT}.")
