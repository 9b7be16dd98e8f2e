"""Wikidata, for the actor form: the items a name may stand for, and an item by its QID.

One small interface (`candidates`, `item`) over Wikidata's action API, following Wikimedia's
rules for clients: a User-Agent that says who we are and how to reach us, `maxlag` so that we
back off when Wikidata's replicas lag (an answer asking us to wait counts as unreachable),
one request at a time from a curator's action, and answers kept in the cache for a day. A
redirected or merged item is followed to the item it now is.

Nothing here writes a record: the form fills its fields from a candidate, and the curator
saves them or not.
"""

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

API = "https://www.wikidata.org/w/api.php"
TIMEOUT = 5  # seconds: the curator is waiting
KEPT = 24 * 60 * 60
CANDIDATES = 7
QID = re.compile(r"Q[1-9][0-9]*")


class Unreachable(Exception):
    """Wikidata could not be asked or did not answer in time."""


@dataclass
class Item:
    qid: str
    label: str
    description: str
    labels: dict = field(default_factory=dict)  # language → label, in the languages asked for
    aliases: list = field(default_factory=list)  # other names, in the languages asked for
    redirected_from: str = ""  # the QID asked for, when it now redirects here

    def label_in(self, language):
        return self.labels.get(language, "")

    def as_json(self, language):
        return {
            "qid": self.qid,
            "label": self.label,
            "description": self.description,
            "original_label": self.label_in(language),
            "labels": self.labels,
            "aliases": self.aliases,
            "redirected_from": self.redirected_from,
            "url": f"https://www.wikidata.org/wiki/{self.qid}",
        }


def ask(params):
    """The JSON answer of Wikidata's API to `params`: the one place that reaches Wikidata
    (tests replace it with recorded answers)."""
    query = urllib.parse.urlencode({**params, "format": "json", "maxlag": 5})
    request = urllib.request.Request(f"{API}?{query}", headers={"User-Agent": settings.USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.load(response)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise Unreachable(str(error)) from error


def answer(params):
    """`ask`, kept in the cache for a day; an error Wikidata answers with (maxlag among them)
    is not kept, and counts as unreachable."""
    key = "wikidata:" + urllib.parse.urlencode(sorted(params.items()))
    found = cache.get(key)
    if found is None:
        found = ask(params)
        if "error" in found:
            raise Unreachable(found["error"].get("info") or found["error"].get("code", ""))
        cache.set(key, found, KEPT)
    return found


def languages_for(language):
    return "|".join(dict.fromkeys(filter(None, ["en", language])))


def candidates(name, language=""):
    """The items `name` may stand for (a QID typed as the name is looked up as one), with
    their labels in English and in `language`, the actor's original script's."""
    name = name.strip()[:200]
    if not name:
        return []
    if QID.fullmatch(name.upper()):
        found = item(name.upper(), language)
        return [found] if found else []
    searched = answer(
        {
            "action": "wbsearchentities",
            "search": name,
            "language": "en",
            "uselang": "en",
            "type": "item",
            "limit": CANDIDATES,
        }
    )
    qids = [hit["id"] for hit in searched.get("search", [])]
    return items(qids, language) if qids else []


def item(qid, language=""):
    """The item `qid` is now (following a redirect), or None when there is none."""
    found = items([qid], language)
    return found[0] if found else None


def items(qids, language=""):
    entities = answer(
        {
            "action": "wbgetentities",
            "ids": "|".join(qids),
            "props": "labels|descriptions|aliases",
            "languages": languages_for(language),
            "redirects": "yes",
        }
    ).get("entities", {})
    found = []
    for asked in qids:
        entity = entities.get(asked)
        if entity is None or "missing" in entity:
            continue
        found.append(
            Item(
                qid=entity["id"],
                label=text(entity.get("labels", {}).get("en")),
                description=text(entity.get("descriptions", {}).get("en")),
                labels={code: text(label) for code, label in entity.get("labels", {}).items()},
                aliases=[
                    text(alias)
                    for aliases in entity.get("aliases", {}).values()
                    for alias in aliases
                ],
                redirected_from=asked if entity["id"] != asked else "",
            )
        )
    return found


def text(value):
    return (value or {}).get("value", "")
