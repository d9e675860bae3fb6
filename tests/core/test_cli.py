"""The `trygga` command is manage.py: Django's commands and Trygga's hyphenated ones."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRYGGA = Path(sys.executable).parent / "trygga"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TRYGGA), *args], capture_output=True, text=True, cwd=ROOT, env=os.environ, check=False
    )


def test_trygga__lists_django_and_own_commands():
    result = _run("help")
    assert result.returncode == 0, result.stderr
    for command in ("migrate", "runserver", "load_demo", "import_geography", "import_events"):
        assert command in result.stdout


def test_trygga__hyphenated_command__runs_the_underscored_module():
    result = _run("import-geography", "--help")
    assert result.returncode == 0, result.stderr
    assert "GeoJSON" in result.stdout
