"""Sources kept safe from link rot: the document itself, uploaded or fetched, with its digest,
size, type and capture time; its text pre-fills a statement; readers see that a copy was
kept, and download it only where a curator allowed it and never for a draft."""

import base64
import hashlib
import socket
from unittest import mock
from urllib.error import URLError

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from statements import documents
from statements.models import Source, SourceCopy, Status

from .desk import change_url, form_data
from .factories import make_source, make_statement
from .files import pdf_with_text

pytestmark = pytest.mark.django_db

PDF = pdf_with_text("Iran proposes a joint committee", "with Cuba on e-government.")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def keep(client, source, **document):
    """Post the source's form back with its document's fields filled in."""
    data = form_data(client.get(change_url(source)))
    return client.post(change_url(source), {**data, **document})


def test_a_kept_pdf_is_stored_with_its_digest_and_prefills_a_statement(
    client, curator_at_desk, media
):
    source = make_source(title="Statement to the CSTD", status=Status.DRAFT)
    response = keep(client, source, document=SimpleUploadedFile("cstd.pdf", PDF))
    assert response.status_code == 302, response.content.decode()[:3000]
    copy = SourceCopy.objects.get(source=source)
    assert copy.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (copy.size, copy.media_type, copy.public) == (len(PDF), "application/pdf", False)
    assert copy.captured_at is not None and copy.captured_from == ""
    assert (media / copy.file.name).read_bytes() == PDF
    assert copy.text == "Iran proposes a joint committee\nwith Cuba on e-government."
    form = client.get(change_url(source)).content.decode()
    assert copy.sha256 in form and "Enter a statement from this document" in form
    kept = client.get(f"/admin/kept-copy/{copy.pk}/")
    assert b"".join(kept.streaming_content) == PDF  # the desk reads it; readers may not
    assert client.get(f"/sources/{source.pk}/copy").status_code == 404
    new = client.get(f"/admin/statements/statement/add/?from_source={source.pk}")
    initial = new.context["adminform"].form.initial
    assert initial["text"] == copy.text and initial["sources"] == [source.pk]


def test_a_web_page_and_plain_text_are_read_for_their_words():
    page = documents.read(
        b"<!DOCTYPE html><html><head><title>Menu</title><style>p{}</style></head><body>"
        b"<nav>Home</nav><script>track()</script><p>Iran and Cuba</p><p>sign&nbsp;a pact.</p>"
        b"</body></html>"
    )
    assert (page.media_type, page.text) == ("text/html", "Home\nIran and Cuba\n\nsign a pact.")
    text = documents.read("\ufeffسازمان فناوری اطلاعات\r\n\r\n\r\nTehran".encode())
    assert (text.media_type, text.text) == ("text/plain", "سازمان فناوری اطلاعات\n\nTehran")


def test_what_is_not_a_kept_document_is_refused_with_a_reason_and_nothing_is_saved(
    client, curator_at_desk
):
    source = make_source(title="Before", status=Status.DRAFT)
    response = keep(client, source, document=SimpleUploadedFile("x.bin", b"\xff\xfe\x00\x81" * 9))
    assert response.status_code == 200
    assert "Keep a PDF, a web page saved from the browser" in response.content.decode()
    assert not SourceCopy.objects.exists()
    broken = keep(client, source, document=SimpleUploadedFile("x.pdf", b"%PDF-1.4 not really"))
    assert "The PDF cannot be read" in broken.content.decode()
    assert not SourceCopy.objects.exists()


def test_a_document_is_fetched_from_the_sources_address_when_the_server_can_reach_it(
    client, curator_at_desk
):
    source = make_source(url="https://www.un.org/statement.pdf", status=Status.DRAFT)

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, limit):
            return PDF

    public = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("157.150.185.49", 0))]
    with (
        mock.patch("socket.getaddrinfo", return_value=public),
        mock.patch.object(documents.OPENER, "open", return_value=Answer()),
    ):
        assert keep(client, source, fetch_document="on").status_code == 302
    copy = SourceCopy.objects.get(source=source)
    assert (copy.captured_from, copy.media_type) == (source.url, "application/pdf")
    with (
        mock.patch("socket.getaddrinfo", return_value=public),
        mock.patch.object(documents.OPENER, "open", side_effect=URLError("no network")),
    ):
        response = keep(client, make_source(status=Status.DRAFT), fetch_document="on")
    page = response.content.decode()
    assert "could not be fetched" in page and "upload the document instead" in page
    assert SourceCopy.objects.count() == 1
    # Made public later, in the same form, without a new document.
    assert keep(client, source, document_public="on").status_code == 302
    assert SourceCopy.objects.get(source=source).public


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin/",
        "http://10.0.0.5/report.pdf",
        "http://[::1]/x",
        "http://169.254.169.254/latest/",
    ],
)
def test_the_server_never_fetches_from_itself_or_its_own_network(url):
    with (
        mock.patch.object(documents.OPENER, "open") as opened,
        pytest.raises(documents.NotADocument, match="not a public address"),
    ):
        documents.fetched(url)
    opened.assert_not_called()
    # Nor through a redirect from a public address.
    with pytest.raises(documents.NotADocument, match="not a public address"):
        documents.PublicRedirects().redirect_request(None, None, 302, "Found", {}, url)


def with_copy(source, public, content=PDF, media_type="application/pdf"):
    return SourceCopy.objects.create(
        source=source,
        file=SimpleUploadedFile("copy", content),
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        media_type=media_type,
        captured_at="2026-12-07T10:00:00Z",
        text="Iran proposes",
        public=public,
    )


def test_readers_see_when_a_copy_was_kept_and_download_only_those_allowed(client):
    allowed, kept_back = make_source(title="Allowed"), make_source(title="Kept back")
    draft = make_source(title="Draft", status=Status.DRAFT)
    for source, public in ((allowed, True), (kept_back, False), (draft, True)):
        with_copy(source, public)
    statement = make_statement(sources=[allowed, kept_back, draft])
    page = client.get(statement.get_absolute_url()).content.decode()
    assert page.count("A copy was kept on <time") == 2
    assert hashlib.sha256(PDF).hexdigest() in page
    assert page.count("download the copy") == 1 and f"/sources/{allowed.pk}/copy" in page
    response = client.get(f"/sources/{allowed.pk}/copy")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    digest = base64.b64encode(hashlib.sha256(PDF).digest()).decode()
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"
    for source in (kept_back, draft):
        assert client.get(f"/sources/{source.pk}/copy").status_code == 404
    assert Source.objects.get(pk=draft.pk).copy.public  # public, but of a draft: never served


def test_a_deleted_sources_document_leaves_the_storage(
    client, curator_at_desk, media, django_capture_on_commit_callbacks
):
    source = make_source(title="Leaked draft", status=Status.DRAFT)
    keep(client, source, document=SimpleUploadedFile("leak.pdf", PDF))
    kept = media / SourceCopy.objects.get(source=source).file.name
    assert kept.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(source).replace("change/", "delete/"), {"post": "yes"})
    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()
    assert not kept.exists()


def test_a_fetch_connects_to_the_address_it_checked_never_to_a_later_answer():
    public = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("157.150.185.49", 0))]
    private = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 0))]
    refused = ConnectionRefusedError("refused")
    with (
        mock.patch("socket.getaddrinfo", return_value=public),
        mock.patch("socket.create_connection", side_effect=refused) as connected,
        pytest.raises(documents.NotADocument, match="could not be fetched"),
    ):
        documents.fetched("http://un.example/statement.pdf")
    assert connected.call_args.args[0] == ("157.150.185.49", 80)
    # A name that answers a public address to the check and a private one to the connection
    # (DNS rebinding) is not followed inside.
    answers = iter([public, private])
    with (
        mock.patch("socket.getaddrinfo", side_effect=lambda *args: next(answers)),
        mock.patch("socket.create_connection") as connected,
        pytest.raises(documents.NotADocument, match="not a public address"),
    ):
        documents.fetched("https://rebinding.example/statement.pdf")
    connected.assert_not_called()


def test_a_kept_web_page_is_served_sandboxed_never_as_the_sites_own(client, curator_at_desk):
    page = b"<html><body><script>steal()</script><form action=/admin/></form></body></html>"
    source = make_source(title="Saved page")
    copy = with_copy(source, public=True, content=page, media_type="text/html")
    for address in (f"/sources/{source.pk}/copy", f"/admin/kept-copy/{copy.pk}/"):
        response = client.get(address)
        assert response.status_code == 200 and response["Content-Type"] == "text/html"
        policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
        assert "sandbox" in policy and "default-src 'none'" in policy
