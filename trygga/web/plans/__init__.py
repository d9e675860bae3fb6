"""The action-plan pages (trygga.plans): staff pages and the public transparency page."""
