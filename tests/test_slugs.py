import pytest
from django.urls import reverse, set_script_prefix

from statements.addresses import address
from statements.listing import key_of
from statements.models import Actor, make_slug

from .factories import (
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_statement,
    make_theme,
)

pytestmark = pytest.mark.django_db


def test_a_slug_is_made_from_the_name():
    assert make_actor(name="Ernesto Rodríguez Hernández").slug == "ernesto-rodriguez-hernandez"


def test_dashes_between_names_become_hyphens():
    assert make_slug("Iran–Cuba Joint Working Group") == "iran-cuba-joint-working-group"


def test_a_long_name_is_cut_at_a_word_boundary():
    slug = make_slug("word " * 40)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith("word")


def test_a_forum_slug_is_its_acronym_in_lower_case():
    assert make_forum(name="Commission on Science and Technology", acronym="CSTD").slug == "cstd"


def test_slugs_are_unique():
    first = make_actor(name="Ministry of ICT")
    second = make_actor(name="Ministry of ICT")
    assert (first.slug, second.slug) == ("ministry-of-ict", "ministry-of-ict-2")


def test_renaming_a_record_keeps_its_slug():
    actor = make_actor(name="Ministry of ICT")
    actor.name = "Ministry of Information and Communications Technology"
    actor.save()
    assert Actor.objects.get(pk=actor.pk).slug == "ministry-of-ict"


def test_a_name_without_latin_letters_still_gets_a_slug():
    assert make_actor(name="وزارت امور خارجه").slug == "actor"


def test_a_statement_reached_by_a_wrong_slug_redirects_to_its_canonical_url(client):
    statement = make_statement(title="On the digital divide")
    response = client.get(f"/statements/{statement.pk}/old-title/")
    assert response.status_code == 301
    assert response["Location"] == f"/statements/{statement.pk}/on-the-digital-divide/"


def test_a_statement_slug_survives_a_new_title(client):
    statement = make_statement(title="On the digital divide")
    statement.title = "On digital divides"
    statement.save()
    assert client.get(f"/statements/{statement.pk}/on-the-digital-divide/").status_code == 200


def test_every_records_address_is_the_one_django_resolves():
    forum, event, speaker = make_forum(), make_event(), make_actor()
    statement = make_statement(speaker=speaker, forum=forum, event=event, country_id="IR")
    agreement = make_agreement()
    records = [statement, agreement, speaker, event, forum, statement.country, make_theme()]
    for record in records:
        view = f"statements:{record._meta.model_name}_detail"
        args = [record.pk, record.slug] if hasattr(record, "title") else [key_of(record)]
        assert record.get_absolute_url() == reverse(view, args=args)


def test_an_address_is_quoted_as_reverse_quotes_it_and_follows_the_script_prefix():
    odd = "a b:ü?#%@"
    assert address("statements:actor_detail", "x") == "/actors/x/"
    assert address("statements:statement_detail", 7, odd) == reverse(
        "statements:statement_detail", args=[7, odd]
    )
    set_script_prefix("/demarche/")
    try:
        assert address("statements:forum_detail", "cstd") == "/demarche/forums/cstd/"
    finally:
        set_script_prefix("/")
    assert address("statements:forum_detail", "cstd") == "/forums/cstd/"
