"""Files as the tests make and read them: exports read back, import files, what a command
writes."""

import csv
import io
import json

from django.core.management import call_command
from django.http import QueryDict, StreamingHttpResponse

from statements.exports import EXPORTS

# The site the exports' addresses start with.
BASE = "https://demarche.test"
ABOUT = {"list": "statements", "url": f"{BASE}/statements/export.json"}
# Values built to break the formats: quotes, separators, line breaks, control characters.
AWKWARD_TEXT = 'He said "yes", then left.\nA second line.\r\nA third; with a separator.'
# What JSON must escape, and what it must not: control characters, a backslash, a line
# separator, a character outside the BMP, Persian.
ESCAPED_TEXT = 'C:\\path\\ "x"\b\f\x01\x02\x1f\x7f \u2028\u2029 \U0001f600 </script> همکاری'


HEADER = (
    "title,date,date_precision,kind,verification,speaker_slug,theme_slugs,source_titles,summary\r\n"
)


def export_parts(query, list_name="statements"):
    """The querysets an export of `list_name` with the filters of `query` reads, prepared."""
    export = EXPORTS[list_name]
    filterset = export.filterset_class(QueryDict(query), queryset=export.model.objects.published())
    assert not filterset.notices()
    return [export.prepare(part) for part in filterset.parts()]


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def json_results(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return json.loads(b"".join(response.streaming_content))["results"]


def api_records(client, url):
    """The records of an API list, read by following `next` to the end."""
    records = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        records += page["results"]
        url = page["next"] and page["next"].removeprefix("http://testserver")
    return records


def page_ids(client, path, query):
    """The ids of the list page, walked across all its pages."""
    ids, number = [], 1
    while True:
        separator = "&" if query else ""
        page = client.get(f"{path}?{query}{separator}page={number}").context["page"]
        ids += [row.pk for row in page.rows]
        if not page.has_next:
            return ids
        number += 1


def csv_file(*rows, header=HEADER):
    return io.BytesIO((header + "".join(rows)).encode())


def export(client, name):
    response = client.get(f"/{name}/export.csv")
    return io.BytesIO(b"".join(response.streaming_content))


def run_command(name, tmp_path, *arguments):
    """What a benchmark command prints, line by line, and the figures it writes as JSON."""
    figures = tmp_path / "bench.json"
    lines = []

    class Output:
        def write(self, text):
            lines.extend(text.splitlines())

    call_command(name, "--json", str(figures), *arguments, stdout=Output())
    return lines, json.loads(figures.read_text())


def pdf_with_text(*lines):
    """A one-page PDF whose text is `lines`, in Helvetica, as a word processor would write it."""
    shown = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj 0 -16 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 720 Td {shown} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        start,
    )
    return bytes(pdf)
