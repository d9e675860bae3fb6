"""Organisations, memberships and roles, scoped to a municipality; permission predicates."""
