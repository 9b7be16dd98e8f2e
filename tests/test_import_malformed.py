"""A malformed file is a message on the import page, never a server error, and nothing of it
is saved: deep nesting, huge values, a JSON document of the wrong shape."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from statements.models import Statement

from .desk import check_at_desk, import_checked
from .factories import make_person, make_source

pytestmark = pytest.mark.django_db

DEEP = 100_000
RECORD = (
    '{"title": "On WSIS", "date": {"date": "2020-06", "precision": "month"}, '
    '"kind": "speech", "verification": "reported", "speaker": {"slug": "tahereh-jalili"}}'
)
MALFORMED = {
    "nested deep in a record": (
        b'{"about": {}, "results": [' + RECORD.encode() + b", " + b"[" * DEEP + b"]" * DEEP + b"]}",
        "The file nests lists or objects too deeply at record 2",
    ),
    "nested deep before the results": (
        b'{"about": ' + b'{"a": ' * DEEP + b"1" + b"}" * DEEP + b', "results": []}',
        "The file nests lists or objects too deeply before its results",
    ),
    "a value of 12 MB": (
        b'{"about": {}, "results": [{"title": "' + b"x" * (12 * 2**20) + b'"}]}',
        "A value at record 1 is larger than 10 MB",
    ),
    "a number of 5,000 digits": (
        b'{"about": {}, "results": [{"title": ' + b"9" * 5000 + b"}]}",
        "The file holds a number at record 1 too long to read",
    ),
    "a list at the top": (b"[" + RECORD.encode() + b"]", "The file&#x27;s JSON is not an object"),
    "a string at the top": (b'"statements"', "The file&#x27;s JSON is not an object"),
    "results that are not a list": (
        b'{"about": {}, "results": {"title": "x"}}',
        "&quot;results&quot; must be a list",
    ),
    "results that are not records": (
        b'{"about": {}, "results": [1, "two", null]}',
        "Record 1 is not a record of an export: A result must be an object",
    ),
    "white space only": (b" \r\n", "The file is empty"),
}


@pytest.fixture(autouse=True)
def records(settings, tmp_path):
    settings.IMPORT_DIR = tmp_path
    make_source(title="CSTD report")
    make_person(name="Tahereh Jalili")


def upload(client, name, content):
    file = SimpleUploadedFile(name, content)
    return check_at_desk(client, {"records": "statements", "file": file, "status": "draft"})


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_json_file_is_a_message_and_changes_nothing(client, curator, case):
    content, message = MALFORMED[case]
    client.force_login(curator)
    response = upload(client, "statements.json", content)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "Nothing was imported." in page
    assert "Import these" not in page
    assert not Statement.objects.exists()


def test_a_csv_cell_of_200_kb_is_read_and_one_of_12_mb_is_a_message(client, curator):
    header = "title,date,date_precision,kind,verification,speaker_slug,source_titles,text\r\n"
    client.force_login(curator)
    long_text = "word " * 40_000
    row = f"On WSIS,2020-06,month,speech,reported,tahereh-jalili,CSTD report,{long_text}\r\n"
    response = upload(client, "statements.csv", (header + row).encode())
    assert "1 would be new" in response.content.decode()
    import_checked(client, response)
    assert Statement.objects.get().text == long_text

    row = (
        f"Too long,2020-06,month,speech,reported,tahereh-jalili,CSTD report,{'x' * 12 * 2**20}\r\n"
    )
    page = upload(client, "statements.csv", (header + row).encode()).content.decode()
    assert "A cell near line 2 is larger than 10 MB" in page
    assert Statement.objects.count() == 1
