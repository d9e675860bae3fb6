"""The weekly systemd unit runs a command that works: its ExecStart, with the instance and
the output path filled in, builds last week's lägesbild."""

import re
import shlex
from pathlib import Path

import pytest
from django.core.management import call_command

from trygga.lagesbild.models import Lagesbild

pytestmark = pytest.mark.django_db
DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_the_timer_runs_on_monday_mornings():
    timer = (DEPLOY / "trygga-lagesbild@.timer").read_text(encoding="utf-8")
    assert "OnCalendar=Mon *-*-* 06:00:00" in timer
    assert "Persistent=true" in timer


def test_the_units_command_builds_last_weeks_picture(hand_events, tmp_path):
    unit = (DEPLOY / "trygga-lagesbild@.service").read_text(encoding="utf-8")
    command = re.search(r"^ExecStart=(.+)$", unit, re.M).group(1)
    args = shlex.split(command.replace("%i", "0484"))
    assert args[0].endswith("/trygga")
    assert args[1] == "lagesbild"
    output = args.index("--output") + 1
    args[output] = str(tmp_path / "vecka.pdf")
    call_command(*args[1:], "--today", "2025-07-16")
    assert (tmp_path / "vecka.pdf").read_bytes().startswith(b"%PDF")
    assert Lagesbild.objects.get().kind == "week"
