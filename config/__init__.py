"""Django project configuration for Trygga: settings, URLs and the WSGI/ASGI entry points."""
