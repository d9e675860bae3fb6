"""The staff UI and the public pages: templates, static files and their views."""
