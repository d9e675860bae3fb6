"""REST API of trygga.geography."""
