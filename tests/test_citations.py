"""Citations: a statement's or an agreement's reference on its page, its CSL-JSON, BibTeX and
RIS files, and those of a whole list, each read back by the format's own reader."""

import html
import json
import re
import warnings

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors
from citeproc.source.json import CiteProcJSON
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from statements.citations import reference
from statements.models import Actor, Agreement, Statement, Status

from .factories import (
    add_party,
    make_actor,
    make_agreement,
    make_event,
    make_person,
    make_source,
    make_statement,
    relate,
)
from .files import ESCAPED_TEXT, csv_rows

pytestmark = pytest.mark.django_db

# What LaTeX prints for each of the BibTeX file's escapes.
LATEX = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~",
    **{f"\\{character}": character for character in "%&$#_"},
}


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def csl(client, url):
    return json.loads(download(client, url))


def bibtex(client, url):
    """The file's entries, their fields as LaTeX prints them ({key: {field: value}})."""
    text = download(client, url)
    assert braces_balance(text)
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == []
    return {entry.key: {f.key: printed(f.value) for f in entry.fields} for entry in library.entries}


def braces_balance(text):
    """Whether every brace closes, counted as BibTeX counts them: escaped or not."""
    depth = 0
    for character in text:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def printed(value):
    if isinstance(value, list):
        return [printed(each) for each in value]
    if value.startswith("{") and value.endswith("}"):
        value = value[1:-1]  # the braces that keep capitals or a name whole
    pattern = "|".join(re.escape(escape) for escape in LATEX)
    return re.sub(pattern, lambda match: LATEX[match[0]], value)


def ris(client, url):
    text = download(client, url)
    assert text.endswith("ER  - \r\n")
    assert all(line.endswith("\r") for line in text.split("\n")[:-1])
    return rispy.loads(text)


def cite(record, extension):
    return f"{record.get_absolute_url()}cite.{extension}"


def rendered(items):
    """Each CSL item read by citeproc-py, and its reference in the Chicago author-date style as
    the page shows it, as text."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a variable citeproc-py does not know warns
        CiteProcJSON(items)
    return [html.unescape(strip_tags(reference(item))) for item in items]


@pytest.fixture
def speech():
    speaker = make_person(name="Mohammad-Mohsen Sadr", original_name="محمدمحسن صدر")
    session = make_event(name="28th session of the CSTD", city="Geneva", host_country_id="CH")
    return make_statement(
        title="The digital divide",
        speaker=speaker,
        event=session,
        date="2025-04",
        language="fa",
        summary="Sanctions widen the gap.",
    )


def test_a_speech_at_an_event_is_a_csl_speech_with_its_event_and_its_page(client, speech):
    [item] = csl(client, cite(speech, "csl.json"))
    assert item == {
        "id": f"demarche-statement-{speech.pk}",
        "type": "speech",
        "title": "The digital divide",
        "author": [{"literal": "Mohammad-Mohsen Sadr"}],
        "issued": {"date-parts": [[2025, 4]]},
        "genre": "Speech",
        "event": "28th session of the CSTD",
        "event-place": "Geneva, Switzerland",
        "language": "fa",
        "abstract": "Sanctions widen the gap.",
        "URL": f"http://testserver{speech.get_absolute_url()}",
        "archive": "Demarche",
        "archive_location": f"Statement {speech.pk}",
        "note": "Mohammad-Mohsen Sadr in the original script: محمدمحسن صدر.",
    }
    [entry] = rendered([item])
    # Title case is for English titles only.
    assert entry.startswith("Mohammad-Mohsen Sadr. 2025. “The digital divide”. Speech.")
    assert "28th session of the CSTD, Geneva, Switzerland, April" in entry


def test_a_month_stays_a_month_in_every_file_and_tag(client, speech):
    [entry] = bibtex(client, cite(speech, "bib")).values()
    assert (entry["year"], entry["month"], entry["date"]) == ("2025", "apr", "2025-04")
    assert "day" not in entry
    [record] = ris(client, cite(speech, "ris"))
    assert (record["year"], record["date"]) == ("2025", "2025/04//")
    page = client.get(speech.get_absolute_url()).content.decode()
    assert '<meta name="citation_date" content="2025/04">' in page


@pytest.mark.parametrize(
    ("date", "issued", "bibtex_date", "ris_date"),
    [
        ("2025", {"date-parts": [[2025]]}, "2025", "2025///"),
        ("2025-04-09", {"date-parts": [[2025, 4, 9]]}, "2025-04-09", "2025/04/09/"),
        ("2025-04?", {"date-parts": [[2025, 4]], "circa": True}, "2025-04~", "2025/04//"),
        ("2024~", {"date-parts": [[2024]], "circa": True}, "2024~", "2024///"),
        ("2024-01%", {"date-parts": [[2024, 1]], "circa": True}, "2024-01~", "2024/01//"),
        ("2004-XX", {"date-parts": [[2004]]}, "2004", "2004///"),
        ("2024-21", {"date-parts": [[2024]], "season": 1}, "2024-21", "2024///Spring"),
        (
            "2023-08/2024-07",
            {"date-parts": [[2023, 8], [2024, 7]]},
            "2023-08/2024-07",
            "2023/08//",
        ),
        (
            "2024-01-05/2024-01-09",
            {"date-parts": [[2024, 1, 5], [2024, 1, 9]]},
            "2024-01-05/2024-01-09",
            "2024/01/05/",
        ),
        ("201X", {"literal": "the 2010s"}, None, None),
        ("2025-02/..", {"literal": "February 2025 or later"}, None, None),
    ],
)
def test_a_date_is_as_precise_as_its_source_in_every_format(
    client, date, issued, bibtex_date, ris_date
):
    statement = make_statement(date=date)
    [item] = csl(client, cite(statement, "csl.json"))
    assert item["issued"] == issued
    exact = date in ("2025", "2025-04-09")
    assert ("note" not in item) == exact  # the note says any other date as recorded
    [entry] = bibtex(client, cite(statement, "bib")).values()
    [record] = ris(client, cite(statement, "ris"))
    assert entry.get("date") == bibtex_date
    assert record.get("date") == ris_date
    if "literal" in issued:
        assert entry["year"] == issued["literal"]
        assert "year" not in record and record["notes"] == [item["note"]]
    assert rendered([item])


def test_an_approximate_date_is_circa_and_the_note_says_how_it_is_known(client):
    statement = make_statement(date="2025-04?")
    [item] = csl(client, cite(statement, "csl.json"))
    note = "Date as recorded: probably April 2025 (EDTF 2025-04?)."
    assert (item["issued"]["circa"], item["note"]) == (True, note)
    [entry] = bibtex(client, cite(statement, "bib")).values()
    assert (entry["date"], entry["month"], entry["note"]) == ("2025-04~", "apr", note)
    [record] = ris(client, cite(statement, "ris"))
    assert record["notes"] == [note]
    assert "[2025?]" in rendered([item])[0]


def test_an_op_ed_is_a_newspaper_article_in_its_published_outlet(client):
    statement = make_statement(kind=Statement.Kind.OP_ED, sources=[])
    relate(
        statement,
        sources=[
            make_source(publisher="Unchecked Gazette", status=Status.DRAFT),
            make_source(publisher=""),
            make_source(publisher="Tehran Times"),
            make_source(publisher="A later reprint"),
        ],
    )
    [item] = csl(client, cite(statement, "csl.json"))
    assert (item["type"], item["genre"], item["container-title"]) == (
        "article-newspaper",
        "Op-ed",
        "Tehran Times",
    )
    [entry] = bibtex(client, cite(statement, "bib")).values()
    assert (entry["howpublished"], entry["type"]) == ("Tehran Times", "Op-ed")
    [record] = ris(client, cite(statement, "ris"))
    assert (record["type_of_reference"], record["secondary_title"]) == ("NEWS", "Tehran Times")
    assert "Edition" not in rendered([item])[0]


@pytest.mark.parametrize(
    ("kind", "csl_type", "ris_type"),
    [
        (Statement.Kind.SPEECH, "speech", "SLIDE"),
        (Statement.Kind.REMARKS, "speech", "SLIDE"),
        (Statement.Kind.INTERVIEW, "interview", "GEN"),
        (Statement.Kind.OP_ED, "article-newspaper", "NEWS"),
        (Statement.Kind.WRITTEN_SUBMISSION, "report", "RPRT"),
        (Statement.Kind.PRESS_RELEASE, "report", "RPRT"),
    ],
)
def test_each_kind_of_statement_has_its_type_in_each_format(client, kind, csl_type, ris_type):
    statement = make_statement(kind=kind)
    [item] = csl(client, cite(statement, "csl.json"))
    assert item["type"] == csl_type
    [record] = ris(client, cite(statement, "ris"))
    assert record["type_of_reference"] == ris_type
    assert list(bibtexparser.parse_string(download(client, cite(statement, "bib"))).entries)
    [entry] = rendered([item])
    assert statement.title in entry and "Edition" not in entry


def test_an_agreement_is_a_treaty_by_its_parties(client):
    ministry = make_actor(name="Ministry of Science, Research and Technology", country_id="IR")
    agreement = make_agreement(
        title="Postal MoU", parties=(), signed_on="2024-11-24", city="Havana", signed_in_id="CU"
    )
    add_party(agreement, country_id="IR", organisation=ministry)
    add_party(agreement, country_id="CU")
    [item] = csl(client, cite(agreement, "csl.json"))
    assert item["type"] == "treaty"
    assert item["author"] == [
        {"literal": "Ministry of Science, Research and Technology"},
        {"literal": "Cuba"},
    ]
    assert item["issued"] == {"date-parts": [[2024, 11, 24]]}
    assert (item["genre"], item["event-place"]) == ("Memorandum of understanding", "Havana, Cuba")
    [entry] = bibtex(client, cite(agreement, "bib")).values()
    # Double braces: BibTeX reads each party as one name, "and" in it or not.
    assert entry["author"] == ["Ministry of Science, Research and Technology", "Cuba"]
    assert (entry["type"], entry["date"], entry["month"]) == (
        "Memorandum of understanding",
        "2024-11-24",
        "nov",
    )
    [record] = ris(client, cite(agreement, "ris"))
    assert record["type_of_reference"] == "GOVDOC"
    assert record["authors"] == ["Ministry of Science, Research and Technology", "Cuba"]
    assert rendered([item])


def test_an_undated_agreement_says_so(client):
    proposed = make_agreement(signed_on="", agreement_status=Agreement.AgreementStatus.PROPOSED)
    unknown = make_agreement(signed_on="")
    by_key = {item["id"]: item for item in csl(client, "/agreements/export.csl.json")}
    assert "issued" not in by_key[f"demarche-agreement-{proposed.pk}"]
    assert by_key[f"demarche-agreement-{proposed.pk}"]["note"] == "Proposed; not signed."
    assert by_key[f"demarche-agreement-{unknown.pk}"]["note"] == "Date signed not known."
    assert all(rendered(list(by_key.values())))


def test_a_delegation_is_one_corporate_author(client):
    delegation = make_actor(name="Islamic Republic of Iran", kind=Actor.Kind.DELEGATION)
    statement = make_statement(speaker=delegation)
    [item] = csl(client, cite(statement, "csl.json"))
    assert item["author"] == [{"literal": "Islamic Republic of Iran"}]
    [entry] = bibtex(client, cite(statement, "bib")).values()
    assert entry["author"] == ["Islamic Republic of Iran"]
    assert rendered([item])[0].startswith("Islamic Republic of Iran. 2025.")


def test_a_statement_by_an_unpublished_speaker_is_cited_under_its_country(client):
    speaker = make_person(name="Undisclosed Official", original_name="نام پنهان")
    statement = make_statement(speaker=speaker, on_behalf_of_country_id="IR")
    speaker.status = Status.DRAFT
    speaker.save()
    [item] = csl(client, cite(statement, "csl.json"))
    assert item["author"] == [{"literal": "Iran"}]
    assert "note" not in item


def test_names_in_any_script_survive_every_file(client):
    speaker = make_person(name="Ernesto Rodríguez Hernández", original_name="ارنستو رودریگز")
    statement = make_statement(speaker=speaker, title="Cooperación digital — همکاری")
    note = "Ernesto Rodríguez Hernández in the original script: ارنستو رودریگز."
    [item] = csl(client, cite(statement, "csl.json"))
    assert (item["title"], item["note"]) == ("Cooperación digital — همکاری", note)
    [entry] = bibtex(client, cite(statement, "bib")).values()
    assert (entry["title"], entry["note"]) == ("Cooperación digital — همکاری", note)
    [record] = ris(client, cite(statement, "ris"))
    assert (record["authors"], record["notes"]) == (["Ernesto Rodríguez Hernández"], [note])


def test_keys_are_the_same_ascii_key_in_every_file(client, speech):
    agreement = make_agreement()
    for record, expected in [
        (speech, f"demarche-statement-{speech.pk}"),
        (agreement, f"demarche-agreement-{agreement.pk}"),
    ]:
        assert expected.isascii()
        assert [item["id"] for item in csl(client, cite(record, "csl.json"))] == [expected]
        assert list(bibtex(client, cite(record, "bib"))) == [expected]
        assert [each["id"] for each in ris(client, cite(record, "ris"))] == [expected]


def test_text_that_breaks_formats_is_read_back_as_it_was(client):
    awkward = r"50% of {all} C:\path & $5 #1 a_b x^2 ~about <script>alert(1)</script>"
    statement = make_statement(title=awkward, summary=f"{ESCAPED_TEXT}\n@misc{{x,\n}}")
    # One line in BibTeX and RIS: line breaks and control characters go.
    one_line = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", statement.summary).split())
    [item] = csl(client, cite(statement, "csl.json"))
    assert (item["title"], item["abstract"]) == (awkward, statement.summary)
    [entry] = bibtex(client, cite(statement, "bib")).values()
    assert entry["title"] == awkward
    assert " ".join(entry["abstract"].split()) == one_line
    [record] = ris(client, cite(statement, "ris"))
    assert record["title"] == awkward
    assert " ".join(record["abstract"].split()) == one_line


def test_the_reference_on_the_page_escapes_the_record_s_text(client):
    statement = make_statement(title="<script>alert(1)</script> & more")
    response = client.get(statement.get_absolute_url())
    reference = str(response.context["citation"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; More" in reference
    page = response.content.decode()
    assert "<script>alert" not in page


def test_a_record_page_cites_it_and_links_to_its_files(client, speech):
    page = client.get(speech.get_absolute_url()).content.decode()
    assert "Mohammad-Mohsen Sadr. 2025. “The digital divide”. Speech." in page
    for extension, name in [("csl.json", "CSL-JSON"), ("bib", "BibTeX"), ("ris", "RIS")]:
        assert f'href="{cite(speech, extension)}"' in page
        assert f">{name}</a>" in page
    assert "accessed" not in page.split('id="citation"')[1].split("</p>")[0]
    for tag in [
        '<meta name="citation_title" content="The digital divide">',
        '<meta name="citation_author" content="Mohammad-Mohsen Sadr">',
        '<meta name="citation_publication_date" content="2025/04">',
        '<meta name="citation_language" content="fa">',
        f'<meta name="citation_public_url" content="http://testserver{speech.get_absolute_url()}">',
        f'<link rel="alternate" type="application/x-bibtex" title="Citation (BibTeX)" '
        f'href="{cite(speech, "bib")}">',
    ]:
        assert tag in page, tag


def test_an_agreement_page_has_a_tag_for_each_party(client):
    agreement = make_agreement(parties=("IR", "CU"), signed_on="2024")
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert '<meta name="citation_author" content="Iran">' in page
    assert '<meta name="citation_author" content="Cuba">' in page
    assert '<meta name="citation_date" content="2024">' in page
    assert "Iran-Cuba" in page  # Chicago's treaty: title, then the parties


@pytest.mark.parametrize("extension", ["csl.json", "bib", "ris"])
def test_files_are_served_as_their_format_for_download(client, speech, extension):
    response = client.get(cite(speech, extension))
    assert (
        response["Content-Type"]
        == {
            "csl.json": "application/vnd.citationstyles.csl+json",
            "bib": "application/x-bibtex; charset=utf-8",
            "ris": "application/x-research-info-systems; charset=utf-8",
        }[extension]
    )
    name = f"demarche-statement-{speech.pk}.{extension}"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_wrong_slug_redirects_to_the_file_at_its_canonical_address(client, speech):
    agreement = make_agreement(title="Postal MoU")
    for record in (speech, agreement):
        path = f"/{record._meta.model_name}s/{record.pk}/wrong/cite.bib"
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, cite(record, "bib"))


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_records_not_yet_published_have_no_citation(client, status):
    for record in [make_statement(status=status), make_agreement(status=status)]:
        for extension in ["csl.json", "bib", "ris"]:
            assert client.get(cite(record, extension)).status_code == 404


def test_an_unknown_format_is_a_404(client, speech):
    assert client.get(cite(speech, "xml")).status_code == 404
    assert client.get(f"/statements/{speech.pk}/x/cite.xml").status_code == 404
    for path in ["/events/export.bib", "/actors/export.ris", "/statements/export.csl"]:
        assert client.get(path).status_code == 404, path


def test_drafts_never_appear_in_a_citation(client):
    hidden = make_person(name="Undisclosed Official", original_name="نام پنهان")
    group = make_actor(name="Secret Caucus", kind=Actor.Kind.INTERGOVERNMENTAL)
    statement = make_statement(
        kind=Statement.Kind.INTERVIEW,
        speaker=hidden,
        on_behalf_of_actor=group,
        event=make_event(name="Closed-door meeting", city="Nowhere"),
        sources=[make_source(publisher="Unchecked Gazette", status=Status.DRAFT)],
    )
    for record in (hidden, group, statement.event):
        record.status = Status.DRAFT
        record.save()
    make_statement(title="Draft statement", status=Status.DRAFT)
    agreement = make_agreement(parties=("IR",))
    add_party(
        agreement,
        organisation=make_actor(name="Draft ministry", status=Status.DRAFT),
        signatory=make_person(name="Draft signer", status=Status.DRAFT),
    )
    make_agreement(title="Draft agreement", status=Status.DRAFT)
    secrets = ["Undisclosed", "نام پنهان", "Secret Caucus", "Closed-door", "Nowhere"]
    secrets += ["Unchecked", "Draft statement", "Draft ministry", "Draft signer", "Draft agr"]
    for extension in ["csl.json", "bib", "ris"]:
        for path in [
            cite(statement, extension),
            cite(agreement, extension),
            f"/statements/export.{extension}",
            f"/agreements/export.{extension}",
        ]:
            text = download(client, path)
            assert not [secret for secret in secrets if secret in text], path
    page = client.get(statement.get_absolute_url()).content.decode()
    assert not [secret for secret in secrets if secret in page]


def ids_in_files(client, list_name, query):
    """The record ids of the list's CSV export, and the keys of its citation exports."""
    ids = [row["id"] for row in csv_rows(client, f"/{list_name}/export.csv?{query}")]
    keys = [item["id"] for item in csl(client, f"/{list_name}/export.csl.json?{query}")]
    entries = list(bibtex(client, f"/{list_name}/export.bib?{query}"))
    records = [record["id"] for record in ris(client, f"/{list_name}/export.ris?{query}")]
    return ids, keys, entries, records


@pytest.mark.parametrize(
    ("list_name", "query"),
    [
        ("statements", ""),
        ("statements", "country=IR&sort=date"),
        ("statements", "kind=speech&date_from=2024"),
        ("agreements", ""),
        ("agreements", "country=CU"),
    ],
)
def test_a_list_s_citations_have_the_rows_of_its_csv_in_its_order(client, list_name, query):
    iranian = make_person(name="Iranian speaker", country_id="IR")
    cuban = make_person(name="Cuban speaker", country_id="CU")
    for n, date in enumerate(["2025-04", "2023", "2025-04-08", "2024~", "2019-21/.."]):
        make_statement(speaker=iranian if n % 2 else cuban, date=date)
        make_statement(speaker=iranian, date=date, kind=Statement.Kind.OP_ED)
    for signed_on in ["2024-11", "", "2020", "2024-11-24"]:
        make_agreement(signed_on=signed_on, parties=("IR", "CU"))
        make_agreement(signed_on=signed_on, parties=("IR", "RS"))
    ids, keys, entries, records = ids_in_files(client, list_name, query)
    assert ids
    expected = [f"demarche-{list_name.removesuffix('s')}-{pk}" for pk in ids]
    assert keys == entries == records == expected


def test_a_list_s_citation_file_is_streamed_and_named_like_its_csv(client):
    make_statement()
    response = client.get("/statements/export.bib?country=IR")
    assert response.streaming
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="demarche-statements-IR-')
    assert disposition.endswith('.bib"')
    assert csl(client, "/statements/export.csl.json?country=CU") == []


@pytest.mark.parametrize("extension", ["csl.json", "bib", "ris"])
@pytest.mark.parametrize("query", ["country=ZZ", "date_from=2025-13", "colour=blue"])
def test_a_bad_filter_gives_the_400_of_the_csv_export(client, extension, query):
    make_statement()
    response = client.get(f"/statements/export.{extension}?{query}")
    expected = client.get(f"/statements/export.csv?{query}")
    assert response.status_code == expected.status_code == 400
    assert response.content == expected.content
    assert response["Content-Type"] == expected["Content-Type"]
    assert "Content-Disposition" not in response


def rich_statement():
    speaker = make_person(original_name="نام")
    statement = make_statement(
        kind=Statement.Kind.OP_ED,
        speaker=speaker,
        on_behalf_of_actor=make_actor(kind=Actor.Kind.INTERGOVERNMENTAL),
        event=make_event(host_country_id="CH", city="Geneva"),
    )
    relate(statement, sources=[make_source(publisher="Tehran Times"), make_source()])
    unpublished = make_person(country_id="CU")
    make_statement(speaker=unpublished)  # cited under the speaker's country
    Actor.objects.filter(pk=unpublished.pk).update(status=Status.DRAFT)


def rich_agreement():
    agreement = make_agreement(event=make_event(), signed_in_id="CU", city="Havana")
    add_party(agreement, organisation=make_actor(original_name="وزارت"), signatory=make_person())


@pytest.mark.parametrize("extension", ["csl.json", "bib", "ris"])
@pytest.mark.parametrize(
    ("name", "make"), [("statements", rich_statement), ("agreements", rich_agreement)]
)
def test_the_query_count_of_a_citation_export_does_not_grow_with_the_rows(
    client, extension, name, make
):
    def queries_for(count):
        for _ in range(count):
            make()
        with CaptureQueriesContext(connection) as captured:
            download(client, f"/{name}/export.{extension}")
        return len(captured)

    assert queries_for(3) == queries_for(40)


def test_a_record_s_citation_file_is_read_in_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    rich_statement()
    statement = Statement.objects.get(kind=Statement.Kind.OP_ED)
    # The statement with its speaker, group, countries, event and the event's country (1); its
    # published sources (1).
    with django_assert_num_queries(2):
        download(client, cite(statement, "ris"))


def test_every_item_of_a_list_renders_in_the_chicago_style(client):
    rich_statement()
    rich_agreement()
    make_statement(kind=Statement.Kind.WRITTEN_SUBMISSION, date="2023-08~/2024-07")
    make_statement(kind=Statement.Kind.INTERVIEW, date="2024-21")
    make_statement(kind=Statement.Kind.PRESS_RELEASE, date="201X")
    make_statement(kind=Statement.Kind.REMARKS, date="2024-01-05/2024-01-09")
    make_agreement(signed_on="../2024-01-24")
    make_agreement(signed_on="2024-01/2024-03")
    items = csl(client, "/statements/export.csl.json") + csl(client, "/agreements/export.csl.json")
    entries = rendered(items)
    assert len(entries) == len(items) == 9
    # citeproc-py garbles an interval's months and days: the reference gives its years.
    assert [entry for entry in entries if ". 2024. “Statement" in entry]
    assert not [entry for entry in entries if "Edition" in entry]


def test_the_lists_of_statements_and_agreements_offer_their_citations(client):
    make_statement(title="Listed")
    page = client.get("/statements/?country=IR").content.decode()
    for extension in ["bib", "ris", "csl.json"]:
        assert f'href="export.{extension}?country=IR"' in page
    assert 'href="export.bib?' in client.get("/agreements/").content.decode()
    assert "export.bib" not in client.get("/events/").content.decode()
