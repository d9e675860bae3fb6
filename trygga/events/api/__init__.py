"""REST API of trygga.events."""
