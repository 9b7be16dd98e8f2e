import pytest

from statements.models import Actor, make_slug

from .factories import make_actor, make_forum, make_statement

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
