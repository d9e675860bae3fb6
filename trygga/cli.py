"""The `trygga` command: the project's manage.py.

Every Django management command works through it (`trygga migrate`), beside Trygga's own,
which are spelt with hyphens on the command line (`trygga load-demo`) and live in modules
with underscores (`load_demo.py`).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and "-" in args[1] and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
