import pycountry
import pytest

from statements.countries import countries_from_pycountry, read_snapshot
from statements.models import Country

pytestmark = pytest.mark.django_db


def test_every_iso_3166_country_is_loaded():
    assert Country.objects.count() == 249


def test_countries_are_keyed_by_alpha_2_code_with_alpha_3_and_numeric():
    iran = Country.objects.get(pk="IR")
    assert (iran.alpha_3, iran.numeric, iran.name) == ("IRN", "364", "Iran, Islamic Republic of")
    assert iran.official_name == "Islamic Republic of Iran"
    assert Country.objects.get(pk="CU").alpha_3 == "CUB"
    assert Country.objects.get(pk="RS").name == "Serbia"


def test_a_country_is_shown_by_its_common_name_where_it_has_one():
    assert str(Country.objects.get(pk="IR")) == "Iran"
    assert str(Country.objects.get(pk="CU")) == "Cuba"


def test_the_snapshot_matches_the_installed_pycountry():
    assert read_snapshot() == countries_from_pycountry()
    assert len(read_snapshot()) == len(pycountry.countries)


def test_countries_match_the_snapshot_field_for_field():
    stored = {
        country["code"]: country
        for country in Country.objects.values(
            "code", "alpha_3", "numeric", "name", "official_name", "common_name"
        )
    }
    assert stored == {country["code"]: country for country in read_snapshot()}
