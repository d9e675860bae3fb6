"""gunicorn settings for Trygga: sync workers (measured fastest here, see DESIGN.md).

The access log names the method, the path without its query string, the status, the size
and the time, never the client's address (personal data, kept in the audit log with its
retention). Both of gunicorn's logs pass Trygga's personal-data filter and follow
LOG_FORMAT (json in production).
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))  # imports of large files run in-request
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

_format = os.environ.get("LOG_FORMAT", "plain")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "trygga.core.logs.PersonalDataFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "trygga.core.logs.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": _format if _format in ("plain", "json") else "plain",
            "filters": ["personal_data"],
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
}
