"""The deployment files stay true: the systemd units pass `systemd-analyze verify` (with the
paths pointed at this checkout), and the Containerfile copies what exists and starts
gunicorn with the same configuration as the unit."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent


@pytest.mark.parametrize("unit", ["trygga.service", "trygga-gallra.service", "trygga-gallra.timer"])
def test_systemd_unit__verifies(tmp_path, unit):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    env_file = tmp_path / "env"
    env_file.write_text("DEBUG=false\n", encoding="utf-8")
    for name in ("trygga.service", "trygga-gallra.service", "trygga-gallra.timer"):
        text = (ROOT / "deploy" / name).read_text(encoding="utf-8")
        text = text.replace("/opt/trygga/.venv", str(VENV)).replace("/opt/trygga", str(ROOT))
        text = text.replace("/etc/trygga/env", str(env_file))
        text = re.sub(r"^(User|Group)=trygga$", r"\1=root", text, flags=re.MULTILINE)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / unit)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    problems = [line for line in result.stderr.splitlines() if unit.split(".")[0] in line]
    assert result.returncode == 0, result.stderr
    assert problems == [], problems


def test_containerfile__copies_what_exists_and_serves_like_the_unit():
    text = (ROOT / "Containerfile").read_text(encoding="utf-8")
    for source in re.findall(r"^COPY (.+) \S+$", text, flags=re.MULTILINE):
        for path in source.split():
            assert (ROOT / path).exists(), path
    unit = (ROOT / "deploy" / "trygga.service").read_text(encoding="utf-8")
    assert "gunicorn config.wsgi --config deploy/gunicorn.conf.py" in text
    assert "gunicorn config.wsgi --config deploy/gunicorn.conf.py" in unit
    assert "trygga migrate --no-input" in text
    assert "/healthz" in text
    assert "postgresql-client" in text  # trygga backup needs pg_dump
