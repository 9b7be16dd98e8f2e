import functools
import html
import re
from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
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


@register.filter
def uncounted(facets):
    """Whether any facet with values shows them without counts."""
    return any(facet.options and not facet.counted for facet in facets)


@register.simple_tag
def facet_options(facet):
    """The checkboxes of a facet: written here, not in a template loop, because a panel
    holds hundreds of them (every country, twice); escaped once each by the standard
    library, not through format_html, which costs a tenth of a millisecond a call."""
    name = html.escape(facet.name)
    return mark_safe(
        "\n".join(
            f'<li class="depth-{option.depth}"><label><input type="checkbox" name="{name}" '
            f'value="{html.escape(option.value)}"{" checked" if option.chosen else ""}> '
            f'<span class="value">{html.escape(option.label)}</span>'
            + (f' <span class="n">{option.count:,}</span>' if option.count is not None else "")
            + "</label></li>"
            for option in facet.options
        )
    )


@register.simple_tag(takes_context=True)
def url_adding(context, name, value):
    """The current list URL with `value` added to the values of `name` (a chip in a row
    narrows the reader's view rather than replacing it)."""
    request = context["request"]
    values = request.GET.getlist(name)
    return url_with(context, **{name: values if value in values else [*values, value]})


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
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in changes.items()))
    if key not in made:
        made[key] = query_string(request.GET, **changes)
    return made[key]


@register.simple_tag(takes_context=True)
def results_url(context, list_view):
    """The list the reader came from, with their filters, when they came from it (the
    Referer, sent for this origin only); else the list itself. The record's own URL stays
    free of the reader's filters, so that it can be cited."""
    request = context["request"]
    url = reverse(list_view)
    came_from = urlsplit(request.headers.get("Referer", ""))
    if came_from.netloc == request.get_host() and came_from.path == url and came_from.query:
        return f"{url}?{came_from.query}"
    return url


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None: `{{ labels|get_item:code }}`."""
    return mapping.get(key)
