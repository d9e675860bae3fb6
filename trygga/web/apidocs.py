"""The API documentation page (Swagger UI from static files), without inline code.

drf-spectacular's split view already serves Swagger UI's start-up script as a file; its
template still carries a small <style> block, which the Content-Security-Policy would block,
so this template moves those rules into web/css/swagger.css.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "web/swagger_ui.html"
