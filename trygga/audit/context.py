"""Where the current request comes from, for the audit rows written while serving it.

`RequestContextMiddleware` sets it for each request; `audit.log.record()` reads it, so a
selector that records a read need not be handed the request. Outside a request (commands,
scheduled jobs) there is none, and rows carry no address.
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None
    path: str
    method: str


_current: ContextVar[RequestContext | None] = ContextVar("trygga_audit_request", default=None)


def current() -> RequestContext | None:
    return _current.get()


def set_current(context: RequestContext | None) -> object:
    return _current.set(context)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
