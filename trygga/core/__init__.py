"""Shared foundations: the base model, time helpers and small errors. Imports no other app."""
