from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from .dates import When

validate_wikidata_id = RegexValidator(
    r"^Q[1-9][0-9]*\Z", "A Wikidata id is Q followed by digits, e.g. Q794."
)


@cache
def language_codes():
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def validate_language_code(value):
    if value not in language_codes():
        raise ValidationError(
            "%(value)s is not an ISO 639-1 language code (two lower-case letters, e.g. en, fa).",
            params={"value": value},
            code="invalid_language",
        )


def language_choices():
    languages = (lang for lang in pycountry.languages if hasattr(lang, "alpha_2"))
    return sorted(((lang.alpha_2, lang.name) for lang in languages), key=lambda c: c[1])


def validate_edtf(value):
    """An EDTF date of the forms Demarche takes (see dates.py)."""
    try:
        When.parse(value)
    except ValueError as error:
        message = str(error)
        raise ValidationError(message[:1].upper() + message[1:], code="invalid_date") from None
