"""Importers of outside event formats: the police feed, CSV/XLSX logs and GeoJSON.

Each takes `actor=` (None for the system) and returns an ImportResult; all of them write
through `trygga.events.ingest`.
"""
