"""Serializers of organisations."""

from rest_framework import serializers

from trygga.accounts.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind"]


class OrganisationRefSerializer(serializers.ModelSerializer[Organisation]):
    """An organisation named inside another object (an event, a source)."""

    class Meta:
        model = Organisation
        fields = ["id", "name"]
