"""Citizen reports (felanmälan): services, reports, routing, feedback and time to fix.

docs/reports.md describes the models, the actions and the selectors; the Open311 GeoReport v2
adapter and the pages are built on `actions` and `selectors` and never write models directly.
"""
