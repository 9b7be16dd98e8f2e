"""A statement's or an agreement's citation: on its page, and as a file (CSL-JSON, BibTeX,
RIS) at /statements/<id>/<slug>/cite.<format>."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from .. import citations
from ..models import Agreement, Statement
from .exports import site


def statement_citation(request, pk, slug, extension):
    return citation_file(request, Statement.objects.published(), pk, slug, extension)


def agreement_citation(request, pk, slug, extension):
    return citation_file(request, Agreement.objects.published(), pk, slug, extension)


def citation_file(request, records, pk, slug, extension):
    if extension not in citations.FORMATS:
        raise Http404
    record = get_object_or_404(citations.citable(records), pk=pk)
    if slug != record.slug:
        return redirect(file_url(record, extension), permanent=True)
    body = b"".join(citations.file_chunks([record], site(request), extension))
    response = HttpResponse(body, content_type=citations.FORMATS[extension].content_type)
    name = f"{citations.key(record)}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def file_url(record, extension):
    view_name = f"statements:{record._meta.model_name}_citation"
    return reverse(view_name, args=[record.pk, record.slug, extension])


def citation_context(request, record):
    """What a record's page shows of its citation: the reference, links to its files, and the
    tags reference managers read."""
    item = citations.item(record, site(request))
    files = [
        {
            "name": form.name,
            "url": file_url(record, extension),
            "type": form.content_type.split(";")[0],
        }
        for extension, form in citations.FORMATS.items()
    ]
    return {
        "citation": citations.reference(item),
        "citation_files": files,
        "citation_tags": citations.highwire(item),
    }
