"""REST API of trygga.accounts."""
