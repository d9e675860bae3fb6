"""The production profile (deploy/production.env.example, with its placeholders filled in as
an operator must) passes `trygga check --deploy` with no warning; the shipped development
key is refused."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRYGGA = Path(sys.executable).parent / "trygga"
PROFILE = ROOT / "deploy" / "production.env.example"


def _profile(tmp_path: Path) -> dict[str, str]:
    values = {}
    for line in PROFILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    values["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    values["MEDIA_ROOT"] = str(tmp_path / "media")
    values["STATIC_ROOT"] = str(tmp_path / "static")
    values["TRYGGA_VAR_DIR"] = str(tmp_path)
    return values


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE in this process; production
    # has no such variable (and check --deploy rightly objects to it).
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in env and k not in dropped}
    return subprocess.run(
        [str(TRYGGA), "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, **env},
        check=False,
    )


def test_check_deploy__production_profile__no_issues(tmp_path):
    result = _check(_profile(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy__development_key__refused(tmp_path):
    env = _profile(tmp_path)
    env["SECRET_KEY"] = "insecure-dev-key-change-me-in-production-0123456789abcdef"
    result = _check(env)
    assert result.returncode != 0
    assert "trygga.E001" in result.stderr + result.stdout


def test_check_deploy__without_secure__warns(tmp_path):
    env = _profile(tmp_path)
    env["SECURE"] = "false"
    result = _check(env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS
