"""On SQLite, simultaneous saves of one record wait their turn instead of failing with
"database is locked": one goes through, and each of the others is told what changed
meanwhile, with the curator's input still in the form."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each starts Python in a process of its own


ROOT = Path(__file__).resolve().parent.parent


def test_ten_simultaneous_saves_of_one_record_wait_their_turn(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.concurrent_saves"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    answers = list(outcome["answers"].values())
    assert len(answers) == 10
    assert [answer["status"] for answer in answers].count(500) == 0, answers
    saved = [answer for answer in answers if answer["status"] == 302]
    refused = [answer for answer in answers if answer["status"] == 200]
    assert len(saved) == 1 and len(refused) == 9, answers
    assert all(answer["told"] and answer["input kept"] for answer in refused), answers
    assert outcome["title"].startswith("Title typed by curator")
