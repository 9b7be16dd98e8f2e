"""The rows of statements and agreements, wherever they are listed: `{% statement_row s %}`.

Written here, not in templates, because a list page holds fifty of them: the template
language resolved some 1,500 variables to write a page of rows, a third of the time the
page took. Every value is escaped once, here; the words of the page's search are marked.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ..querysets import published_or_none
from .demarche import highlight, url_adding, when

register = template.Library()

SNIPPET_WORDS = 45


@register.simple_tag(takes_context=True)
def statement_row(context, statement, narrow=False):
    """A statement (a StatementRow, views/rows.py): its title, date, speaker, country, forum,
    event, kind and verification; a snippet of its summary on a search; its themes
    (`narrow`: each narrows the list)."""
    words = search_words(context)
    meta = [when(statement.when)]
    if speaker := statement.speaker:
        title = f", {escape(statement.speaker_title)}" if statement.speaker_title else ""
        meta.append(f'<span class="speaker">{link(speaker, speaker.name)}{title}</span>')
    if statement.country:
        meta.append(link(statement.country, statement.country.name, "country"))
    if statement.forum:
        meta.append(link(statement.forum, statement.forum.name, "forum"))
    if statement.event:
        meta.append(link(statement.event, statement.event.name, "event"))
    meta += [
        f'<span class="kind">{escape(statement.get_kind_display())}</span>',
        f'<span class="verification">{escape(statement.get_verification_display())}</span>',
    ]
    snippet = ""
    if words and statement.summary:
        summary = Truncator(statement.summary).words(SNIPPET_WORDS, truncate=" …")
        snippet = f'\n  <p class="snippet">{highlight(summary, words)}</p>'
    return record(
        statement,
        highlight(statement.title, words),
        meta,
        snippet,
        themes(context, statement.themes, narrow),
    )


@register.simple_tag(takes_context=True)
def agreement_row(context, agreement, narrow=False):
    """An agreement: its title, date of signing, kind, status and parties; its themes."""
    signed = when(agreement.signed) if agreement.signed else "<span>date not known</span>"
    kind = f"{agreement.get_kind_display()}, {agreement.get_agreement_status_display()}"
    meta = [signed, f'<span class="kind">{escape(kind)}</span>', parties(agreement)]
    title = highlight(agreement.title, search_words(context))
    return record(agreement, title, meta, "", themes(context, agreement.themes.all(), narrow))


def record(instance, title, meta, snippet, theme_list):
    return mark_safe(
        '<article class="record">\n'
        f'  <h3 class="record-title"><a href="{instance.get_absolute_url()}">{title}</a></h3>\n'
        '  <p class="record-meta">\n    ' + "\n    ".join(meta) + "\n  </p>"
        f"{snippet}{theme_list}\n</article>"
    )


def link(instance, text, css_class=None):
    class_attribute = f' class="{css_class}"' if css_class else ""
    return f'<a{class_attribute} href="{instance.get_absolute_url()}">{escape(text)}</a>'


def parties(agreement):
    """The parties, each an organisation (when published) or a country, in their order."""
    named = []
    for party in agreement.parties.all():
        organisation = published_or_none(party.organisation) if party.organisation_id else None
        if organisation:
            named.append(link(organisation, organisation.name))
        elif party.country:
            named.append(link(party.country, str(party.country)))
    return f'<span class="parties">{" – ".join(named)}</span>'


def themes(context, found, narrow):
    """A record's published themes (read with it); on a list, each adds itself to the list's
    filters rather than leading away to the theme's page."""
    if not found:
        return ""
    items = "".join(
        f'<li><a href="{theme_address(context, theme, narrow)}">{escape(theme.name)}</a></li>'
        for theme in found
    )
    return f'\n  <ul class="themes" aria-label="Themes">\n    {items}\n  </ul>'


def theme_address(context, theme, narrow):
    if narrow:
        return escape(url_adding(context, "theme", theme.slug))
    return theme.get_absolute_url()


def search_words(context):
    search = context.get("search")
    return search.highlight_words if search else []
