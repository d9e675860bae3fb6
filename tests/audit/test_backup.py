"""`trygga backup` / `trygga restore` round-trip the database and the uploaded files, on
the database the run uses (PostgreSQL through pg_dump/pg_restore, SQLite through its
backup API), refuse a changed or foreign backup with a clear message, and are logged."""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import EventFactory
from trygga.audit import protection
from trygga.audit.models import AuditAction, AuditEvent
from trygga.events.models import Event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "reports" / "2026").mkdir(parents=True)
    (root / "reports" / "2026" / "foto.jpg").write_bytes(b"\xff\xd8 a photo")
    (root / "import.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    settings.MEDIA_ROOT = str(root)
    return root


def test_backup_restore__round_trip_of_database_and_files(tmp_path, media):
    kept = EventFactory(description="Före säkerhetskopian")
    target = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", "--output", str(target), stdout=out)
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    assert manifest["media_files"] == 2
    assert (target / manifest["files"]["database"]).stat().st_mode & 0o077 == 0
    assert AuditEvent.objects.filter(action=AuditAction.BACKUP_CREATED).count() == 1

    # After the backup: an event deleted, one added, a photo changed and one removed.
    Event.objects.filter(pk=kept.pk).delete()
    added = EventFactory(description="Efter säkerhetskopian")
    (media / "reports" / "2026" / "foto.jpg").write_bytes(b"changed")
    (media / "import.csv").unlink()
    (media / "new.txt").write_text("new", encoding="utf-8")

    call_command("restore", str(target), "--no-input", stdout=io.StringIO())

    assert Event.objects.get(pk=kept.pk).description == "Före säkerhetskopian"
    assert not Event.objects.filter(pk=added.pk).exists()
    assert (media / "reports" / "2026" / "foto.jpg").read_bytes() == b"\xff\xd8 a photo"
    assert (media / "import.csv").read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert not (media / "new.txt").exists()
    assert AuditEvent.objects.filter(action=AuditAction.BACKUP_RESTORED).count() == 1
    assert protection.installed_triggers() == protection.expected_triggers()


def test_restore__changed_file__refused_and_nothing_changes(tmp_path, media):
    EventFactory()
    target = tmp_path / "backup"
    call_command("backup", "--output", str(target), stdout=io.StringIO())
    with (target / "media.tar.gz").open("ab") as stream:
        stream.write(b"tampered")
    EventFactory()
    with pytest.raises(CommandError, match="has changed since the backup"):
        call_command("restore", str(target), "--no-input")
    assert Event.objects.count() == 2


def test_restore__other_vendor__refused(tmp_path, media):
    target = tmp_path / "backup"
    call_command("backup", "--output", str(target), stdout=io.StringIO())
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["vendor"] = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=f"this one is {connection.vendor}"):
        call_command("restore", str(target), "--no-input")


def test_restore__not_a_backup__names_the_missing_manifest(tmp_path):
    with pytest.raises(CommandError, match=r"manifest\.json is missing"):
        call_command("restore", str(tmp_path), "--no-input")


def test_backup__directory_with_a_backup__refused(tmp_path, media):
    target = tmp_path / "backup"
    call_command("backup", "--output", str(target), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds a backup"):
        call_command("backup", "--output", str(target))


def test_restore__media_entry_outside_the_directory__refused(tmp_path, media):
    target = tmp_path / "backup"
    call_command("backup", "--output", str(target), stdout=io.StringIO())
    evil = target / "media.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        data = b"x"
        info = tarfile.TarInfo("../../outside.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    manifest = json.loads((target / "manifest.json").read_text())
    from trygga.core.backup import _sha256

    manifest["sha256"]["media.tar.gz"] = _sha256(evil)
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="refusing the entry"):
        call_command("restore", str(target), "--no-input")
    assert not (tmp_path / "outside.txt").exists()
