"""Importing the JSON exports: read as a stream, each record as the row its CSV would hold."""

import io
import json

import pytest
from django.core.management import call_command

from statements.importers import json_files, load_seed
from statements.importers.rows import KINDS, import_file
from statements.models import Agreement, Statement

from .factories import make_actor, make_person, make_source, make_statement

pytestmark = pytest.mark.django_db


def json_file(*results, about=None):
    return io.BytesIO(json.dumps({"about": about or {}, "results": list(results)}).encode())


def export_json(client, name):
    return io.BytesIO(b"".join(client.get(f"/{name}/export.json").streaming_content))


@pytest.fixture
def speaker():
    make_source(title="CSTD report")
    return make_person(name="Tahereh Jalili")


def statement(**keys):
    return {
        "title": "On WSIS",
        "date": {"date": "2020-06", "precision": "month"},
        "kind": "speech",
        "verification": "reported",
        "speaker": {"slug": "tahereh-jalili"},
        "sources": [{"title": "CSTD report"}],
        **keys,
    }


@pytest.mark.parametrize("name", ["statements", "agreements", "actors", "events"])
def test_reimporting_an_exported_json_file_changes_nothing(client, name):
    load_seed()
    model = KINDS[name].model
    before = model.history.count()
    report = import_file(name, export_json(client, name), name=f"{name}.json", apply=True)
    assert (report.ok, report.format) == (True, "JSON"), report.errors
    assert (report.created, report.changed) == (0, 0)
    assert report.unchanged == model.objects.published().count() > 0
    assert model.history.count() == before


def test_json_records_are_imported_with_their_nested_records(speaker):
    file = json_file(
        statement(
            themes=[{"slug": "e-government"}],
            summary="'quoted; =not a formula",
            text_is_excerpt=True,
        )
    )
    report = import_file("statements", file, apply=True)
    assert (report.applied, report.preview) == (True, ["Record 1: a new statement, “On WSIS”."])
    made = Statement.objects.get()
    assert (made.speaker, made.when.iso, made.text_is_excerpt) == (speaker, "2020-06", True)
    assert [theme.slug for theme in made.themes.all()] == ["e-government"]
    assert made.summary == "'quoted; =not a formula"


def test_each_bad_record_is_named_by_its_number_and_key_and_nothing_is_imported(speaker):
    file = json_file(
        statement(),
        statement(title="Nobody", speaker={"slug": "no-such-person"}),
        statement(title="Flat themes", themes="e-government"),
        statement(title="Coloured", colour="red"),
        "not an object",
        {key: value for key, value in statement().items() if key != "title"},
    )
    report = import_file("statements", file, apply=True)
    assert not report.applied and not Statement.objects.exists()
    assert [(row, column) for row, column, _ in report.errors] == [
        (2, "speaker"),
        (3, "themes"),
        (4, ""),
        (5, ""),
        (6, ""),
    ]
    assert "Unknown keys: colour" in report.errors[2][2]
    assert "It lacks title." in report.errors[4][2]


def test_agreement_parties_are_read_whole_from_json():
    make_source(title="Joint communiqué")
    make_actor(name="Ministry of ICT", slug="iran-ict")
    agreement = {
        "title": "Postal MoU",
        "kind": "mou",
        "status": "signed",
        "sources": [{"title": "Joint communiqué"}],
        "parties": [
            {"country": {"code": "IR"}, "organisation": {"slug": "iran-ict"}},
            {"country": {"code": "CU"}, "organisation": None, "signatory": None},
        ],
    }
    report = import_file("agreements", json_file(agreement), apply=True)
    assert report.applied, report.errors
    parties = Agreement.objects.get().parties.all()
    assert [(p.country_id, p.organisation_id and p.organisation.slug) for p in parties] == [
        ("IR", "iran-ict"),
        ("CU", None),
    ]
    agreement["parties"][1]["organisation"] = {"slug": "nowhere"}
    [(row, key, message)] = import_file("agreements", json_file(agreement)).errors
    assert (row, key) == (1, "parties")
    assert message == "Party 2: No actor with slug 'nowhere'; create it first."


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"this is not json", "not JSON: it starts with 't'"),
        (b"[1, 2]", "must be an export's JSON"),
        (b'{"about": {}}', 'no "results"'),
        (b'{"results": {"title": "x"}}', '"results" must be a list'),
        (b'{"results": [{"name": "x"}]}', "Record 1 is not a record of an export"),
        (json_file(statement()).getvalue() + b" trailing", "goes on after its JSON object"),
        ('{"results": [{"title": "Sé"}]}'.encode("latin-1"), "not UTF-8"),
        (b'{"results": [\x00\x01]}', "not a JSON file: it holds binary data"),
    ],
)
def test_a_file_that_is_not_an_exports_json_is_refused_and_changes_nothing(
    speaker, content, problem
):
    make_statement(title="Untouched")
    report = import_file("statements", io.BytesIO(content), name="statements.json", apply=True)
    assert problem in report.file_problem
    assert not report.applied
    assert list(Statement.objects.values_list("title", flat=True)) == ["Untouched"]


def test_a_broken_file_midway_says_which_record_it_reached(speaker):
    good = json.dumps(statement()).encode()
    content = b'{"results": [' + good + b"," + good + b', {"title": ]}'
    report = import_file("statements", io.BytesIO(content), apply=True)
    assert "not valid JSON at record 3" in report.file_problem
    assert (report.rows, report.reached) == (2, 2)
    assert not Statement.objects.exists()


def test_the_format_is_told_by_the_content_or_else_the_name(speaker):
    file = json_file(statement())
    assert import_file("statements", file, name="statements.csv").format == "JSON"
    report = import_file("statements", io.BytesIO(b"oops"), name="statements.json")
    assert report.format == "JSON" and "not JSON" in report.file_problem


def test_records_are_read_one_at_a_time_across_pieces_of_the_file(monkeypatch):
    results = [{"n": n, "word": "é" * (n % 7), "flag": n % 2 == 0, "x": None} for n in range(3000)]
    content = json.dumps({"about": {"rows": 3000}, "results": results}, indent=1).encode()
    binary = io.BytesIO(content)
    stream = json_files.JsonStream(binary)
    read = stream.results()
    assert next(read) == results[0]
    assert binary.tell() <= json_files.CHUNK < len(content)  # not the whole file
    monkeypatch.setattr(json_files, "CHUNK", 7)  # values split between pieces
    assert list(json_files.JsonStream(io.BytesIO(content)).results()) == results


def test_the_command_imports_a_json_file(speaker, tmp_path, capsys):
    path = tmp_path / "statements.json"
    path.write_bytes(json_file(statement()).getvalue())
    call_command("import_records", "statements", str(path), "--apply")
    assert "Imported 1 records: 1 new" in capsys.readouterr().out
    assert Statement.objects.get().title == "On WSIS"
