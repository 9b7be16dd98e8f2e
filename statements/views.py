from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from .models import Source, Statement

LATEST = 20


def home(request):
    statements = Statement.objects.published().for_listing().newest_first()[:LATEST]
    return render(request, "statements/home.html", {"statements": statements})


def statement_detail(request, pk, slug):
    statements = (
        Statement.objects.published()
        .for_listing()
        .select_related("on_behalf_of_country", "on_behalf_of_actor", "event__host_country")
        .prefetch_related(Prefetch("sources", queryset=Source.objects.published()))
    )
    statement = get_object_or_404(statements, pk=pk)
    if slug != statement.slug:
        return redirect(statement, permanent=True)
    return render(request, "statements/statement_detail.html", {"statement": statement})
