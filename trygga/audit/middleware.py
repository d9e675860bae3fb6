"""Puts the request's origin (client address, path) where audit rows can find it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from trygga.audit import context
from trygga.core.http import client_ip


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.set_current(
            context.RequestContext(
                ip_address=client_ip(request), path=request.path[:200], method=request.method or ""
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
