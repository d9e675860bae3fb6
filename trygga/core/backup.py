"""Backups of the database and the uploaded files, and their restore.

A backup is a directory:

    manifest.json      what it holds: format, time, database vendor, the applied
                       migrations, and a SHA-256 of each file
    database.dump      PostgreSQL: pg_dump's custom format (pg_restore reads it)
    database.sqlite3   SQLite: a consistent copy made with SQLite's online backup API
    media.tar.gz       the uploaded files (MEDIA_ROOT)

`restore` checks the manifest and the checksums, refuses a backup of the other vendor,
replaces the database's content and the uploaded files, and leaves the database as the
backup had it. It is meant for the same version of Trygga (the manifest lists the
migrations; `trygga migrate` afterwards brings an older backup forward).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
DATABASE = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why, for the operator."""


@dataclass(frozen=True)
class Manifest:
    data: dict[str, Any]

    @property
    def vendor(self) -> str:
        return str(self.data["vendor"])

    @property
    def database_file(self) -> str:
        return str(self.data["files"]["database"])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor() -> str:
    if connection.vendor not in DATABASE:
        raise BackupError(f"no backup for the {connection.vendor} database")
    return connection.vendor


def _pg_args_env() -> tuple[list[str], dict[str, str]]:
    params = connection.settings_dict
    args = ["--dbname", str(params["NAME"])]
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
        [tool, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}")


def _dump_database(target: Path) -> None:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        args, env = _pg_args_env()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
    else:
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # type: ignore[union-attr]
        finally:
            destination.close()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _pack_media(target: Path) -> int:
    root = _media_root()
    count = 0
    with tarfile.open(target, "w:gz") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(root)), recursive=False)
                    count += 1
    return count


def create(output: Path) -> Manifest:
    """Write a backup into `output` (created; it must not hold a backup already)."""
    vendor = _vendor()
    output.mkdir(parents=True, exist_ok=True)
    if (output / MANIFEST).exists():
        raise BackupError(f"{output} already holds a backup; choose an empty directory")
    database = output / DATABASE[vendor]
    _dump_database(database)
    media_count = _pack_media(output / MEDIA)
    migrations = sorted(
        f"{app}.{name}"
        for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
    )
    data = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "vendor": vendor,
        "migrations": migrations,
        "media_files": media_count,
        "files": {"database": database.name, "media": MEDIA},
        "sha256": {database.name: _sha256(database), MEDIA: _sha256(output / MEDIA)},
    }
    (output / MANIFEST).write_text(json.dumps(data, indent=2), encoding="utf-8")
    for path in (database, output / MEDIA, output / MANIFEST):
        path.chmod(0o600)  # a backup holds every personal datum in the system
    return Manifest(data)


def read_manifest(source: Path) -> Manifest:
    """The backup's manifest, after checking that its files are there and unchanged."""
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} holds no backup ({MANIFEST} is missing)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{path} is not valid JSON: {exc}") from exc
    if data.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {data.get('format')!r}")
    for name, expected in data["sha256"].items():
        file = source / name
        if not file.is_file():
            raise BackupError(f"{file} is missing")
        if _sha256(file) != expected:
            raise BackupError(f"{file} has changed since the backup (checksum differs)")
    return Manifest(data)


def _restore_database(source: Path, manifest: Manifest) -> None:
    file = source / manifest.database_file
    if connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_args_env()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *args,
                str(file),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        backup = sqlite3.connect(file)
        try:
            backup.backup(connection.connection)  # type: ignore[arg-type]
        finally:
            backup.close()
    connection.close()


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"{MEDIA}: refusing the entry {member.name!r}")
        members.append(member)
    return members


def _restore_media(source: Path) -> int:
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=root.parent))
    try:
        with tarfile.open(source / MEDIA, "r:gz") as tar:
            members = _safe_members(tar)
            tar.extractall(staging, members=members, filter="data")
        # Unpacked completely first, then swapped in: MEDIA_ROOT itself may be a mount
        # point, so its entries are replaced rather than the directory renamed.
        root.mkdir(parents=True, exist_ok=True)
        for entry in root.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in staging.iterdir():
            shutil.move(str(entry), root / entry.name)
        return sum(1 for m in members if m.isfile())
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def restore(source: Path) -> Manifest:
    """Replace the database and the uploaded files with the backup in `source`."""
    manifest = read_manifest(source)
    vendor = _vendor()
    if manifest.vendor != vendor:
        raise BackupError(f"the backup is of a {manifest.vendor} database; this one is {vendor}")
    _restore_database(source, manifest)
    _restore_media(source)
    return manifest
