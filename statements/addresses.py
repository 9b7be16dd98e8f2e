"""The addresses of records and hubs: each view's URL pattern resolved once, then filled in.

A list page links some 250 records, hubs and people; resolving each through reverse() took
a third of the time its rows took to render."""

import functools
import re
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# What reverse() leaves unquoted in an argument: RFC 3986's sub-delimiters and "/~:@".
UNQUOTED = "!$&'()*+,;=/~:@"
# What needs no quoting at all, as ids, slugs and codes are: checked faster than quoted.
PLAIN = re.compile(r"[-\w.~]*", re.ASCII)
# Arguments that every converter accepts (int, slug, str) and no URL holds otherwise.
MARKER = 918_273_645_000


def address(view_name, *args):
    """reverse(view_name, args=args), for arguments that are ids, slugs or codes."""
    return addresses_of(view_name, len(args))(*args)


def addresses_of(view_name, arity):
    """A function of the view's `arity` arguments giving their address: for many records at
    once (a sitemap's ten thousand), the pattern looked up once."""
    urlconf = get_urlconf(settings.ROOT_URLCONF)
    first, *rest = pattern(view_name, arity, get_script_prefix(), urlconf)

    def filled(*args):
        pieces = [first]
        for arg, after in zip(args, rest, strict=True):
            text = str(arg)
            pieces += [text if PLAIN.fullmatch(text) else quote(text, safe=UNQUOTED), after]
        return "".join(pieces)

    return filled


@functools.cache
def pattern(view_name, arity, script_prefix, urlconf):
    """The view's URL cut where its arguments go, under this prefix and URL configuration."""
    markers = [str(MARKER + position) for position in range(arity)]
    rest, pieces = reverse(view_name, urlconf=urlconf, args=markers), []
    for marker in markers:
        before, rest = rest.split(marker)
        pieces.append(before)
    return [*pieces, rest]
