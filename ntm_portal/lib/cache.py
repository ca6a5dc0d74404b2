"""A Redis cache that fails open: when Redis is down or hangs, the portal keeps working.

Django's RedisCache raises on every call when the server cannot be reached, which made each
login and each throttled page a 500 (issue #10). Here a failed call is logged once a minute at
ERROR and answered by a small cache of the process itself (`LocMemCache`), so pages keep what
caching they had: progress numbers and documents are keyed on the data version
(`ntm_portal.lib.data_version`), so a value cached locally is never wrong, only not shared; login
and public-page throttles count per process meanwhile (`incr` of a missing key raises ValueError,
so django-ratelimit, with RATELIMIT_FAIL_OPEN, lets the request through).

The fallback is shared by the processes of the machine when NTM_CACHE_FALLBACK_DIR is set (as
in production): a file cache in that folder (Django's FileBasedCache), so that what one gunicorn
worker computed during a failure the others read instead of computing it again, and a worker
that replaces another (GUNICORN_MAX_REQUESTS) starts with it. A per-process cache made the
progress figures, the dashboard and the rankings be computed once in every worker after the
failure (issue #22: 34–39 % slower with a hanging Redis). Without the setting it is the
process's own memory, as before.

A Redis that accepts connections and never answers (issue #22: every page ten times slower) is
worse than one that is down: each call waits for its socket timeout. So the timeouts are bounded
here, whatever settings say (`MAX_TIMEOUT_SECONDS`: half a second to connect, half a second to
answer), and a failed call opens a circuit breaker: for `SKIP_SECONDS` every call of this process
goes to the local cache at once, without touching Redis; then one call tries Redis again. A
hanging Redis thus costs one timeout per process every `SKIP_SECONDS` (0,5 s in 30 s), not one on
every call of every page. What was written locally during a failure is not copied to Redis when
it comes back.
"""

import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from redis.exceptions import RedisError

logger = logging.getLogger("ntm_portal.cache")
MAX_TIMEOUT_SECONDS = 0.5
SKIP_SECONDS = 30
# How long the other calls keep to the fallback while one call tries Redis again: above the
# time that call may wait (a connect and an answer, MAX_TIMEOUT_SECONDS each).
PROBE_SECONDS = 4 * MAX_TIMEOUT_SECONDS
LOCAL_MAX_ENTRIES = 1000
_LOG_EVERY_SECONDS = 60
_last_logged = {"at": 0.0}
# When to try Redis again, per server list, for the whole process (Django makes one cache object
# per thread; the breaker and the local cache are shared by them).
_skip_until = {}


def _now():
    return time.monotonic()


def _forget_failures(setting, **kwargs):
    """New cache settings (in tests) start with a closed breaker."""
    if setting == "CACHES":
        _skip_until.clear()


setting_changed.connect(_forget_failures)


def _log(operation, error, fallback):
    now = time.monotonic()
    if now - _last_logged["at"] >= _LOG_EVERY_SECONDS:
        _last_logged["at"] = now
        logger.error(
            "Bộ nhớ đệm Redis không trả lời (%s): %s — tạm dùng %s.", operation, error, fallback
        )


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        for name in ("socket_connect_timeout", "socket_timeout"):
            options[name] = min(options.get(name) or MAX_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._breaker_key = tuple(self._servers)
        local_params = {
            key: params[key]
            for key in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
            if key in params
        }
        local_params["OPTIONS"] = {"MAX_ENTRIES": LOCAL_MAX_ENTRIES}
        folder = getattr(settings, "NTM_CACHE_FALLBACK_DIR", None)
        if folder:
            self.local = FileBasedCache(str(folder), local_params)
            self.fallback_label = f"bộ nhớ đệm trên đĩa chung của các tiến trình ({folder})"
        else:
            self.local = LocMemCache("ntm-redis-fallback:" + ",".join(self._servers), local_params)
            self.fallback_label = "bộ nhớ đệm riêng của tiến trình"

    def skipping(self):
        """Whether Redis failed less than SKIP_SECONDS ago (calls then go to the local cache)."""
        return _now() < _skip_until.get(self._breaker_key, 0.0)

    def _guard(self, operation, *args, **kwargs):
        """Redis's answer to `operation`, or the local cache's when Redis fails or is skipped."""
        if not self.skipping():
            # After a failure, when the pause is over, one call tries Redis again while the
            # others of the process (its threads) keep to the fallback until it has answered:
            # not every thread waiting its timeout at once.
            probing = self._breaker_key in _skip_until
            if probing:
                _skip_until[self._breaker_key] = _now() + PROBE_SECONDS
            try:
                answer = getattr(super(), operation)(*args, **kwargs)
            except (RedisError, OSError) as error:
                _skip_until[self._breaker_key] = _now() + SKIP_SECONDS
                _log(operation, error, self.fallback_label)
            else:
                if probing:
                    _skip_until.pop(self._breaker_key, None)  # Redis is back
                return answer
        return getattr(self.local, operation)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guard("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._guard("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._guard("incr", key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", keys, version=version)

    def clear(self):
        return self._guard("clear")
