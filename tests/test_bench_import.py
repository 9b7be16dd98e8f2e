"""`manage.py bench_import` times the importer on a file of new statements and leaves the
database as it was."""

import io

import pytest
from django.core.management import call_command

from statements.models import Statement

from .factories import make_person, make_source

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_it_times_a_dry_run_and_an_import_and_keeps_nothing():
    make_person(name="Tahereh Jalili")
    make_source(title='A "quoted" report')
    before = Statement.objects.count()
    output = io.StringIO()
    call_command("bench_import", "--rows", "30", stdout=output)
    lines = output.getvalue().splitlines()
    assert lines[0].startswith("Importing 30 new statements (")
    assert lines[1].startswith("dry run") and lines[1].endswith("30 new, 0 errors")
    assert lines[2].startswith("import") and lines[2].endswith("30 new, 0 errors")
    assert Statement.objects.count() == before
