"""A source's document, kept from an upload or fetched from its address, in the source's own
form; and a statement entered from it, its text pre-filled."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .. import documents
from ..models import SourceCopy
from .curated import CuratedForm

SHOWN_TEXT = 600  # characters of the text read from the document shown on the form
DOCUMENT_FIELDS = ["document", "fetch_document", "document_public"]
DOCUMENT_SHOWN = ["kept_document", "text_read", "enter_statement"]


def copy_of(source):
    """The source's kept copy, or None; read once per source object (Django keeps it)."""
    if source.pk is None:
        return None
    try:
        return source.copy
    except SourceCopy.DoesNotExist:
        return None


class SourceForm(CuratedForm):
    """A source's fields, and its document: uploaded, or fetched from the address typed."""

    document = forms.FileField(
        required=False,
        help_text="Keep the document itself: a PDF, a web page saved from the browser (HTML) "
        "or a plain-text file. It replaces any copy kept before.",
    )
    fetch_document = forms.BooleanField(
        required=False,
        label="Fetch the document from the URL",
        help_text="When the server can reach the address.",
    )
    document_public = forms.BooleanField(
        required=False,
        label="Readers may download the copy",
        help_text="Only where the source's copyright allows it. Readers always see that a copy "
        "was kept, when, and its digest.",
    )

    kept = None  # the documents.Document read on this save, if any
    captured_from = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        copy = copy_of(self.instance)
        self.fields["document_public"].initial = bool(copy and copy.public)

    def clean(self):
        cleaned = super().clean()
        upload, fetch = cleaned.get("document"), cleaned.get("fetch_document")
        try:
            if upload and fetch:
                raise documents.NotADocument("Upload a document or fetch the URL, not both.")
            if upload:
                self.kept = documents.read(upload.read())
            elif fetch:
                url = cleaned.get("url") or ""
                if not url:
                    raise documents.NotADocument("Give the source's URL to fetch it from.")
                self.kept, self.captured_from = documents.fetched(url), url
        except documents.NotADocument as problem:
            self.add_error("fetch_document" if fetch else "document", str(problem))
        return cleaned

    def keep_document(self, source):
        """The copy of `source`'s document, as this form leaves it."""
        copy = copy_of(source)
        if self.kept is None:
            if copy is not None and copy.public != self.cleaned_data["document_public"]:
                copy.public = self.cleaned_data["document_public"]
                copy.save(update_fields=["public"])
            return copy
        copy = copy or SourceCopy(source=source)
        replaced, kept = copy.file.name, self.kept
        copy.file.save(kept.file_name, ContentFile(kept.content), save=False)
        copy.sha256, copy.size, copy.text = kept.sha256, kept.size, kept.text
        copy.media_type, copy.captured_at = kept.media_type, timezone.now()
        copy.captured_from, copy.public = self.captured_from, self.cleaned_data["document_public"]
        copy.save()
        if replaced and replaced != copy.file.name:
            storage = copy.file.storage
            transaction.on_commit(lambda: storage.delete(replaced))
        return copy


class KeptDocument:
    """For the source's admin: what was kept of its document, and what to do with it."""

    @admin.display(description="Copy kept")
    def kept_document(self, source):
        copy = copy_of(source)
        if copy is None:
            return "None yet."
        return format_html(
            '<a href="{}">{}</a>, {} bytes, captured {}{}; SHA-256 <code>{}</code>',
            reverse("kept_copy", args=[copy.pk]),
            copy.media_type,
            f"{copy.size:,}",
            timezone.localtime(copy.captured_at).strftime("%-d %B %Y %H:%M"),
            f" from {copy.captured_from}" if copy.captured_from else "",
            copy.sha256,
        )

    @admin.display(description="Text read from it")
    def text_read(self, source):
        copy = copy_of(source)
        if copy is None or not copy.text:
            return "—"
        return copy.text[:SHOWN_TEXT] + ("…" if len(copy.text) > SHOWN_TEXT else "")

    @admin.display(description="Next")
    def enter_statement(self, source):
        if copy_of(source) is None:
            return "—"
        url = reverse("admin:statements_statement_add") + f"?from_source={source.pk}"
        return format_html('<a href="{}">Enter a statement from this document</a>', url)


def initial_from_source(request):
    """A new statement's fields from the kept document of the source ?from_source= names:
    its text, which the curator corrects, and the source itself."""
    key = request.GET.get("from_source", "")
    copy = SourceCopy.objects.filter(source_id=key).first() if key.isdigit() else None
    if copy is None:
        return {}
    return {"text": copy.text, "sources": [copy.source_id]}


def kept_copy(request, pk):
    """The kept document, for the desk, whether readers may have it or not."""
    copy = get_object_or_404(SourceCopy, pk=pk)
    if not request.user.has_perm("statements.view_sourcecopy"):
        raise PermissionDenied
    return documents.served(copy, copy.file.name.rsplit("/", 1)[-1])
