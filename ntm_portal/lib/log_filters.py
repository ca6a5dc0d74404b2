"""Logging filters of the portal."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A refused page (403) is logged as one WARNING line, without the exception's traceback:
    it is an expected answer, and a traceback per refusal buried real errors in the log."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
