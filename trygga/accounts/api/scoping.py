"""The base of every view under /api/v1/municipalities/{code}/: membership decides.

The municipality is resolved after authentication and DRF's permission check, so an
anonymous caller gets 401/403 and a non-member gets 404 for everything under a
municipality, as if it did not exist.
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics
from rest_framework.request import Request

from trygga.accounts.selectors import get_municipality_for_member
from trygga.geography.models import Municipality

MUNICIPALITY_CODE = OpenApiParameter(
    "code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The municipality's SCB code, four digits (Eskilstuna: 0484).",
    pattern=r"^\d{4}$",
)


class MunicipalityScopedView(generics.GenericAPIView):
    """A view of one municipality's data; `self.municipality` is set before the handler."""

    municipality: Municipality

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.municipality = get_municipality_for_member(request.user, kwargs["code"])
