"""Domain errors raised by selectors and actions, mapped to HTTP answers in config.api."""

from django.utils.translation import gettext as _


class NotFound(Exception):  # noqa: N818 - the domain word, mirrors Http404
    """The object does not exist, or the viewer may not see it: the two are never told apart."""


class PermissionDenied(Exception):  # noqa: N818
    """The actor may see the object but may not make this change."""


class ImportRowError(ValueError):
    """One row of an import is invalid; names the row (1-based, as a spreadsheet shows it)
    and the field, so a person can find and fix it."""

    def __init__(self, row: int, field: str, message: str) -> None:
        self.row = row
        self.field = field
        self.message = message
        super().__init__(
            _("rad %(row)d, fält '%(field)s': %(message)s")
            % {"row": row, "field": field, "message": message}
        )
