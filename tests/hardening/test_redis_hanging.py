"""Issue #22, point 7: a Redis that accepts connections and never answers does not slow pages
down. Its timeouts are at most half a second whatever the settings say, and after one timeout the
cache is skipped for a while (a circuit breaker) instead of waiting on every call, the process's
own cache answering meanwhile (so cached pages stay cached): the server below counts the
connections it accepts, so the tests count attempts rather than time pages. The
wall-time bounds are generous hang detectors only (20 calls against a hanging Redis without the
breaker take 20 × 0,5 s = 10 s)."""

import socket
import threading
import time

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

import ntm_portal.lib.cache as fail_open


class HangingRedis:
    """A TCP server that accepts every connection and never answers a byte."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(50)
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.connections = []
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while self.running:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            self.accepted += 1
            self.connections.append(connection)

    def stop(self):
        self.running = False
        self.thread.join(timeout=2)
        for connection in self.connections:
            connection.close()
        self.listener.close()


@pytest.fixture
def hanging_redis(settings, tmp_path):
    server = HangingRedis()
    # The file cache the workers of a machine share meanwhile (ntm_portal/lib/cache.py).
    settings.NTM_CACHE_FALLBACK_DIR = tmp_path / "cache-fallback"
    # Options a careless administrator might write: the backend bounds them to 0,5 s.
    settings.CACHES = {
        "default": {
            "BACKEND": "ntm_portal.lib.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }
    }
    yield server
    server.stop()


def test_the_backend_never_waits_more_than_half_a_second_on_redis(hanging_redis):
    options = caches["default"]._options
    assert options["socket_connect_timeout"] <= 0.5
    assert options["socket_timeout"] <= 0.5


def test_after_one_timeout_a_hanging_redis_is_skipped_instead_of_waited_for(hanging_redis):
    started = time.monotonic()
    results = []
    for number in range(5):
        results.append(cache.get(f"khoa-{number}"))
        results.append(cache.set(f"khoa-{number}", number))
        results.append(cache.add(f"them-{number}", number))
        with pytest.raises(ValueError):
            cache.incr(f"dem-{number}")
    elapsed = time.monotonic() - started
    # Answered by the process's own cache: a first read misses, an add adds, a counter that
    # does not exist yet raises (django-ratelimit then lets the request through).
    assert results == [None, None, True] * 5
    assert [cache.get(f"khoa-{number}") for number in range(5)] == [0, 1, 2, 3, 4]
    # One connection for 20 calls: the first timed out and opened the breaker.
    assert hanging_redis.accepted == 1
    assert elapsed < 3, f"20 cache calls took {elapsed:.1f} s"


def test_the_breaker_tries_redis_again_after_its_pause(hanging_redis, monkeypatch):
    cache.set("khoa", "giá trị")
    assert hanging_redis.accepted == 1
    assert cache.get("khoa") == "giá trị"
    assert hanging_redis.accepted == 1
    # SKIP_SECONDS later (the clock moved on): one more attempt, then skipping again.
    now = time.monotonic()
    monkeypatch.setattr(fail_open, "_now", lambda: now + fail_open.SKIP_SECONDS + 1)
    assert cache.get("khoa") == "giá trị"
    assert cache.get("khoa") == "giá trị"
    assert hanging_redis.accepted == 2


def test_the_login_page_and_the_cached_progress_answer_with_a_hanging_redis(
    hanging_redis, client, leadership
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.monotonic()
    for _ in range(5):
        page = client.get(reverse("login"))
        assert page.status_code == 200
        assert "Đăng nhập" in page.content.decode()
    client.force_login(leadership)
    queries = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            progress = client.get(reverse("targets:progress_json"), {"year": 2024})
        queries.append(len(captured))
        assert progress.status_code == 200
        assert progress.json()["indicators"]
    # Computed once, then served from the process's cache: fewer queries on later requests.
    assert queries[1] < queries[0] and len(set(queries[1:])) == 1
    elapsed = time.monotonic() - started
    assert hanging_redis.accepted <= 1
    assert elapsed < 10, f"10 pages took {elapsed:.1f} s"


@pytest.mark.parametrize(
    "user, page",
    [
        ("leadership", "units:unit_list"),
        ("leadership", "targets:dashboard"),
        ("province_staff", "targets:certification_list"),
        ("province_staff", "emulation:phase_ranking"),
        ("province_staff", "emulation:phase_completeness"),
        ("province_staff", "awards:nomination_list"),
        ("province_staff", "awards:nominee_list"),
        ("province_staff", "awards:decision_list"),
    ],
)
def test_a_page_of_every_app_answers_with_a_hanging_redis_after_one_attempt(
    user, page, hanging_redis, client, request, db
):
    """Each app's pages (their cached parts, the rate limits, the sessions' reads) wait on a
    hanging Redis at most once: three loads of the page, one connection in all."""
    from tests.emulation import helpers as emulation

    args = [emulation.phase().pk] if page.startswith("emulation:phase_") else []
    client.force_login(request.getfixturevalue(user))
    started = time.monotonic()
    for _ in range(3):
        response = client.get(reverse(page, args=args))
        assert response.status_code == 200, page
    elapsed = time.monotonic() - started
    assert hanging_redis.accepted <= 1, f"{page}: {hanging_redis.accepted} waits on Redis"
    assert elapsed < 20, f"3 loads of {page} took {elapsed:.1f} s"


def test_after_the_first_timeout_pages_neither_wait_on_redis_nor_count_the_progress_again(
    hanging_redis, client, leadership, monkeypatch
):
    """Issue #22: with a hanging Redis the dashboard was 34–39 % slower under load. One timeout
    opens the breaker; the next page loads make no attempt on Redis at all, and the progress
    figures are counted once, then served from the fallback like from Redis."""
    from targets.progress import cache as progress_cache

    counted = []
    real = progress_cache.ProgressCounter

    def counting(*args, **kwargs):
        counted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(progress_cache, "ProgressCounter", counting)
    client.force_login(leadership)
    assert client.get(reverse("targets:dashboard"), {"year": 2024}).status_code == 200
    assert hanging_redis.accepted == 1 and len(counted) == 1
    for year in [2024] * 5 + [2023] * 3:
        response = client.get(reverse("targets:dashboard"), {"year": year})
        assert response.status_code == 200
        assert f"năm {year}" in response.content.decode()
    assert hanging_redis.accepted == 1, "a page after the first timeout waited on Redis"
    assert len(counted) == 2  # 2024 once, 2023 once


def test_what_one_worker_cached_during_the_failure_another_worker_reads(hanging_redis):
    """The fallback is shared by the processes of the machine (a folder), not each process's own
    memory: a value cached by a forked worker is read by this one without computing it again."""
    import os

    cache.get("opens-the-breaker")
    assert hanging_redis.accepted == 1
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the other worker
        try:
            caches["default"].set("dv:progress:1:2024:standard:v1", {"achieved": 12})
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert status == 0
    assert cache.get("dv:progress:1:2024:standard:v1") == {"achieved": 12}
    assert hanging_redis.accepted == 1


def test_when_the_pause_is_over_one_call_tries_redis_while_the_others_keep_to_the_fallback(
    hanging_redis, monkeypatch
):
    """With threaded workers every thread of a process would otherwise wait its timeout on the
    hanging Redis at the end of each pause; one probe goes, the others read the fallback."""
    cache.set("khoa", "giá trị")
    assert hanging_redis.accepted == 1
    later = time.monotonic() + fail_open.SKIP_SECONDS + 1
    monkeypatch.setattr(fail_open, "_now", lambda: later)
    answers, started = [], threading.Event()

    def probe():
        started.set()
        answers.append(caches["default"].get("khoa"))

    prober = threading.Thread(target=probe)
    prober.start()
    started.wait(2)
    time.sleep(0.1)  # the probe is waiting on Redis now
    waited = time.monotonic()
    others = [cache.get("khoa") for _ in range(5)]
    waited = time.monotonic() - waited
    prober.join(5)
    assert others == ["giá trị"] * 5 and answers == ["giá trị"]
    assert hanging_redis.accepted == 2  # the probe's connection only
    assert waited < 0.4, f"the other calls waited {waited:.2f} s on the probe"
