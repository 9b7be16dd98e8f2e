"""A source's document, kept: what it is (PDF, a web page saved from the browser, plain text),
its SHA-256 digest, size and text, from an uploaded file or fetched from the source's address.

The text is what pypdf reads from a PDF (the words in the order the PDF draws them), the
visible text of an HTML page, or the plain text itself; a curator corrects it in the
statement form it pre-fills.
"""

import base64
import hashlib
import http.client
import io
import ipaddress
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.http import FileResponse
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF, HTML, TEXT = "application/pdf", "text/html", "text/plain"
EXTENSIONS = {PDF: ".pdf", HTML: ".html", TEXT: ".txt"}
FETCH_TIMEOUT = 20  # seconds


class NotADocument(ValueError):
    """The bytes are not a document we keep, or could not be fetched; says why."""


@dataclass
class Document:
    content: bytes
    media_type: str
    sha256: str
    text: str

    @property
    def size(self):
        return len(self.content)

    @property
    def file_name(self):
        return f"{self.sha256}{EXTENSIONS[self.media_type]}"


def read(content):
    """The document `content` is."""
    limit = settings.SOURCE_DOCUMENT_MAX_BYTES
    if len(content) > limit:
        raise NotADocument(f"The document is larger than {limit // 2**20} MB.")
    if not content:
        raise NotADocument("The document is empty.")
    media_type = media_type_of(content)
    return Document(
        content, media_type, hashlib.sha256(content).hexdigest(), text_of(content, media_type)
    )


def media_type_of(content):
    """PDF by its signature; HTML by its opening; otherwise plain text if it is UTF-8."""
    if content.lstrip()[:5] == b"%PDF-":
        return PDF
    start = content[:1024].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return HTML
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        raise NotADocument(
            "Keep a PDF, a web page saved from the browser (HTML) or a plain-text file in UTF-8."
        ) from None
    return TEXT


def text_of(content, media_type):
    if media_type == PDF:
        try:
            pages = PdfReader(io.BytesIO(content)).pages
            return tidy("\n\n".join(page.extract_text() or "" for page in pages))
        except (PyPdfError, ValueError, KeyError) as error:
            raise NotADocument(f"The PDF cannot be read: {error}") from None
    if media_type == HTML:
        reader = VisibleText()
        reader.feed(content.decode("utf-8", errors="replace"))
        return tidy(reader.text())
    return tidy(content.decode("utf-8-sig"))


def tidy(text):
    """Lines without trailing spaces, at most one empty line between paragraphs."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class VisibleText(HTMLParser):
    """The text a reader sees in an HTML page: not its scripts, styles or head; a line break
    after each block."""

    HIDDEN = {"script", "style", "head", "noscript", "template", "svg"}
    BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "blockquote",
        "header",
        "footer",
        "pre",
        "table",
        "ul",
        "ol",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    def text(self):
        return "".join(self.parts)


def fetched(url):
    """The document at `url`, when the server can reach it: a public web address only, never
    a file, nor a machine on the server's own network."""
    refuse_private(url)
    limit = settings.SOURCE_DOCUMENT_MAX_BYTES
    request = urllib.request.Request(url, headers={"User-Agent": settings.USER_AGENT})
    try:
        with OPENER.open(request, timeout=FETCH_TIMEOUT) as response:
            content = response.read(limit + 1)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise NotADocument(
            f"{url} could not be fetched ({error}); upload the document instead."
        ) from None
    return read(content)


def refuse_private(url):
    """NotADocument unless `url` is http(s) and its host's every address is a public one
    (the fetch must not reach the server itself or the network behind it)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotADocument("Only web addresses (http or https) are fetched; upload the document.")
    public_address(parts.hostname)


def public_address(host):
    """An address of `host`, whose every address must be public; NotADocument otherwise."""
    try:
        addresses = [info[4][0] for info in socket.getaddrinfo(host, None)]
    except (OSError, UnicodeError) as error:
        raise NotADocument(f"{host} cannot be found ({error}); upload the document.") from None
    if not all(ipaddress.ip_address(address.split("%")[0]).is_global for address in addresses):
        raise NotADocument(f"{host} is not a public address; upload the document.")
    return addresses[0]


class PublicRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another public web address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        refuse_private(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# The connections connect to the address they checked, not to what the name resolves to a
# moment later: a DNS answer that changes between the check and the fetch (rebinding) cannot
# lead a fetch inside the server's network.


class PublicHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        address = (public_address(self.host), self.port)
        self.sock = socket.create_connection(address, self.timeout, self.source_address)


class PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, context=None, **kwargs):
        self.context = context or ssl.create_default_context()
        super().__init__(*args, context=self.context, **kwargs)

    def connect(self):
        address = (public_address(self.host), self.port)
        plain = socket.create_connection(address, self.timeout, self.source_address)
        self.sock = self.context.wrap_socket(plain, server_hostname=self.host)


class PublicHTTP(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(PublicHTTPConnection, req)


class PublicHTTPS(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(PublicHTTPSConnection, req)


OPENER = urllib.request.build_opener(PublicRedirects, PublicHTTP, PublicHTTPS)


def served(copy, file_name):
    """A kept document (a SourceCopy) as an answer: shown in the browser, named `file_name`,
    with its digest, and sandboxed, so that a saved web page's scripts and forms never run
    as the site's own."""
    response = FileResponse(copy.file.open("rb"), content_type=copy.media_type)
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(copy.sha256)).decode()}:"
    return response
