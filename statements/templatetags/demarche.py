import functools
import re

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from ..listing import query_string
from ..querysets import published_or_none
from ..validators import language_choices

register = template.Library()


@register.filter
def if_published(record):
    """The record when the public may see it, else None: `{% with x=y|if_published %}`."""
    return published_or_none(record)


@register.filter
def language_name(code):
    """English, Persian…: a language's name for its ISO 639-1 code; "not known" without one."""
    return language_names().get(code, code) if code else "not known"


@functools.cache
def language_names():
    return dict(language_choices())


@register.filter
def when(value):
    """A date in words, in a <time> carrying what a machine can read of it (a day, a month or
    a year); in a <span> when nothing can be carried (an interval, a decade)."""
    if not value:
        return ""
    if value.iso:
        return format_html('<time datetime="{}">{}</time>', value.iso, value)
    return format_html('<span class="when">{}</span>', value)


@register.simple_tag
def options(records, chosen, key="slug", label=None):
    """The <option>s of a picker, `chosen` ones selected: written here, not in a template
    loop, because a page holds hundreds of them (every country, twice)."""
    chosen = set(chosen or [])
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (
                getattr(record, key),
                mark_safe(" selected") if getattr(record, key) in chosen else "",
                label(record) if label else str(record),
            )
            for record in records
        ),
    )


@register.simple_tag
def tree_options(records, chosen):
    """Like `options`, each record's name indented by its depth in the tree."""
    return options(records, chosen, label=lambda record: f"{record.indent}{record.name}")


@register.simple_tag
def country_options(countries, chosen):
    return options(countries, chosen, key="code")


@register.simple_tag(takes_context=True)
def highlighted(context, text):
    """`text`, escaped, with the words of the page's search (and their inflections) marked."""
    search = context.get("search")
    return highlight(text, search.highlight_words if search else [])


def highlight(text, words):
    text = str(text or "")
    if not words:
        return escape(text)
    stems = sorted({stem(word) for word in words}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    # Match on the raw text and escape every piece, so entities are never split.
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def stem(word):
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """The current list URL with some parameters replaced; a value of None removes one.

    Remembered for the request: a list links each row's themes, the same few dozen of
    them, 150 times a page."""
    changes.setdefault("page", None)
    request = context["request"]
    made = request.__dict__.setdefault("_urls_with", {})
    key = tuple(sorted(changes.items()))
    if key not in made:
        made[key] = query_string(request.GET, **changes)
    return made[key]
