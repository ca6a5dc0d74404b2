"""A Redis cache that fails open: when Redis is down the portal keeps working, uncached.

Django's RedisCache raises on every call when the server cannot be reached, which made each
login and each throttled page a 500 (issue #10). Here a failed call is logged once a minute at
ERROR and answers as an empty cache would: reads miss, writes do nothing, `add` says the key was
not added and `incr` raises ValueError (so django-ratelimit, with RATELIMIT_FAIL_OPEN, lets the
request through).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("ntm_portal.cache")
_LOG_EVERY_SECONDS = 60
_last_logged = {"at": 0.0}


def _log(operation, error):
    now = time.monotonic()
    if now - _last_logged["at"] >= _LOG_EVERY_SECONDS:
        _last_logged["at"] = now
        logger.error(
            "Bộ nhớ đệm Redis không trả lời (%s): %s — tiếp tục không dùng đệm.", operation, error
        )


class FailOpenRedisCache(RedisCache):
    def _guard(self, operation, fallback, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except (RedisError, OSError) as error:
            _log(operation, error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guard("get", default, super().get, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, super().delete, key, version=version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, super().get_many, keys, version=version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, super().has_key, key, version=version)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version=version)
        except (RedisError, OSError) as error:
            _log("incr", error)
            raise ValueError("Bộ nhớ đệm không trả lời.") from error

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", [], super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, super().delete_many, keys, version=version)

    def clear(self):
        return self._guard("clear", False, super().clear)
