"""Trygga: a municipality's crime-prevention and safety work as software."""
