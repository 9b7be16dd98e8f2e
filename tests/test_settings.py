"""Settings come from the environment with safe defaults."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each starts Python in a process of its own


ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "p9T!vQ2#rL8@wZ5$kM1^nB7&cX4*dF6(hJ3)gS0-yEa7Lq2Wz9Rt4Yu8Io1Pe6"


def run(arguments, **env):
    """Run Python as the project would start, with the real settings and this environment."""
    unset = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env, DJANGO_SETTINGS_MODULE="diplomacy.settings")
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def run_python(code, **env):
    return run(["-c", code], **env)


def test_without_debug_a_missing_secret_key_stops_start_up_with_a_clear_message():
    result = run_python("import diplomacy.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    result = run(["manage.py", "check", "--deploy"])
    assert result.returncode != 0
    assert "diplomacy.E001" in result.stderr and "SECRET_KEY is not set" in result.stderr


def test_the_site_leaves_what_loading_it_made_out_of_garbage_collections():
    result = run_python(
        "import gc, diplomacy.wsgi; print(gc.get_freeze_count())", SECRET_KEY=STRONG_KEY
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 10_000


def test_offline_commands_run_without_a_secret_key():
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_mode_runs_with_a_development_key():
    result = run_python(
        "from django.conf import settings; print(settings.SECRET_KEY, settings.DEBUG)", DEBUG="true"
    )
    assert result.stdout.split() == [
        "django-insecure-development-key-never-use-in-production",
        "True",
    ]


def test_a_malformed_boolean_is_refused():
    result = run_python("import diplomacy.settings", DEBUG="maybe")
    assert "DEBUG must be true or false" in result.stderr


def test_database_url_selects_postgresql():
    result = run_python(
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'])",
        DEBUG="true",
        DATABASE_URL="postgres://demarche@db.internal:5432/demarche",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "demarche", "db.internal"]


def test_postgresql_connections_do_not_compile_queries_just_in_time():
    result = run_python(
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        DEBUG="true",
        DATABASE_URL="postgres://demarche@db.internal:5432/demarche?options=-c%20work_mem%3D64MB",
    )
    assert "'options': '-c work_mem=64MB -c jit=off'" in result.stdout, result.stderr


def test_the_default_database_is_a_sqlite_file_under_var():
    result = run_python(
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'])",
        DEBUG="true",
        DATABASE_URL="",
    )
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "var" / "demarche.sqlite3"


def test_allowed_hosts_come_from_the_environment():
    result = run_python(
        "from django.conf import settings; print(settings.ALLOWED_HOSTS)",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="demarche.example, www.demarche.example",
    )
    assert result.stdout.strip() == "['demarche.example', 'www.demarche.example']"


def test_the_deployment_check_is_clean_in_production_settings():
    result = run(
        ["manage.py", "check", "--deploy"],
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="demarche.example",
    )
    assert result.returncode == 0, result.stderr
    report = result.stdout + result.stderr
    # Submitting the domain to the browsers' HSTS preload list is the operator's choice
    # (SECURE_HSTS_PRELOAD=true), so that notice is the only one left.
    assert "System check identified 1 issue" in report, report
    assert "security.W021" in report


def test_the_desk_moves_to_the_admin_path_from_the_environment():
    result = run_python(
        "import django; django.setup(); from django.urls import reverse;"
        "print(reverse('admin:index'), reverse('review_queue'), reverse('import_records'))",
        DEBUG="true",
        ADMIN_PATH="desk-7f3a",
    )
    assert result.stdout.split() == ["/desk-7f3a/", "/desk-7f3a/review/", "/desk-7f3a/import/"]


def test_production_keeps_connections_and_checks_them_before_reuse():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    assert run_python(code, SECRET_KEY=STRONG_KEY).stdout.split() == ["60", "True"]
    assert run_python(code, DEBUG="true").stdout.split() == ["0", "True"]


def test_sqlite_writes_wait_their_turn():
    result = run_python(
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        DEBUG="true",
        DATABASE_URL="sqlite:///var/demarche.sqlite3",
    )
    options = ast.literal_eval(result.stdout)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]
