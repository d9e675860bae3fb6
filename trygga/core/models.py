"""Abstract base models shared by every domain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        abstract = True


class IdempotentRequest(models.Model):
    """A write that a client marked with an `Idempotency-Key`: the object it created, so
    that the same request sent again (a retry after a lost answer) gets the same object
    instead of a second one. Holds no personal data: a hash of the request, the client's
    key and the created object's id (trygga.core.idempotency, decision 0018)."""

    scope = models.CharField(max_length=100)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotent_request_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
