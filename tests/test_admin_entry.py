"""Entering records quickly: autocompletes everywhere, hints about duplicates, clear errors."""

import pytest
from django.contrib import admin

from statements.models import Actor, Statement, Status

from .desk import change_url, form_data, member_of
from .factories import make_agreement, make_person, make_role, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    user = member_of("curators", "carla")
    client.force_login(user)
    return user


READ_ONLY = {"country", "seededrecord"}


def parent_key(model, inline):
    """The inline's foreign key to the record it is entered in, which needs no widget."""
    if inline.fk_name:
        return inline.fk_name
    [name] = [
        f.name
        for f in inline.model._meta.get_fields()
        if f.related_model is model and f.many_to_one
    ]
    return name


def relations(model):
    return {
        field.name
        for field in model._meta.get_fields()
        if (field.many_to_one or field.many_to_many) and not field.auto_created and field.editable
    }


def test_every_relation_is_entered_through_an_autocomplete():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "statements" or model._meta.model_name in READ_ONLY:
            continue
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        for each in [model_admin, *inlines]:
            parent = {parent_key(model, each)} if each in inlines else set()
            missing = relations(each.model) - set(each.autocomplete_fields) - parent
            assert not missing, f"{each.model.__name__}: {sorted(missing)}"


def test_actors_are_found_by_any_of_their_names_in_any_script(client, curator):
    make_person(name="Tahereh Jalili", original_name="طاهره جلیلی", other_names="T. Jalili")
    for term in ["Jalili", "طاهره", "T. Jal"]:
        response = client.get(
            "/admin/autocomplete/",
            {
                "app_label": "statements",
                "model_name": "statement",
                "field_name": "speaker",
                "term": term,
            },
        )
        assert [r["text"] for r in response.json()["results"]] == ["Tahereh Jalili"], term


def test_sources_can_be_added_from_inside_the_statement_form(client, curator):
    page = client.get("/admin/statements/statement/add/").content.decode()
    assert 'id="add_id_sources"' in page and 'id="add_id_speaker"' in page


def add_statement(client, **fields):
    data = {
        "date": "2025-04-08",
        "date_precision": "day",
        "kind": "speech",
        "verification": "reported",
        **fields,
    }
    return client.post("/admin/statements/statement/add/", data, follow=True)


def test_the_speakers_title_on_the_day_comes_from_their_role_when_left_blank(client, curator):
    minister = make_person(name="Sattar Hashemi")
    make_role(minister, title="Minister of ICT", start_date="2021-08-25")
    add_statement(client, title="On AI", speaker=minister.pk)
    statement = Statement.objects.get(title="On AI")
    assert statement.speaker_title == "Minister of ICT"
    assert 'value="Minister of ICT"' in client.get(change_url(statement)).content.decode()


def test_a_likely_duplicate_statement_is_pointed_out_with_a_link(client, curator):
    speaker = make_person()
    earlier = make_statement(
        title="Iran calls for bridging the digital divide",
        speaker=speaker,
        date="2025-04-08",
    )
    response = add_statement(
        client, title="Iran calls for bridging the digital divide.", speaker=speaker.pk
    )
    page = response.content.decode()
    assert "This may repeat" in page and change_url(earlier) in page
    response = add_statement(client, title="Something else entirely", speaker=speaker.pk)
    assert "This may repeat" not in response.content.decode()


def test_a_likely_duplicate_is_named_on_the_form_before_saving(client, curator):
    """The form asks, as the speaker, date and title are filled; the statement being changed
    is not its own duplicate."""
    speaker = make_person()
    earlier = make_statement(
        title="Iran calls for bridging the digital divide",
        speaker=speaker,
        date="2025-04?",
        status=Status.DRAFT,
    )
    make_statement(title="Iran calls for bridging the digital divide", date="2025-04?")
    form = client.get("/admin/statements/statement/add/").content.decode()
    assert 'data-duplicates-url="/admin/likely-duplicates/"' in form
    assert 'id="id_title_duplicates"' in form and "js/duplicates.js" in form

    def named(**query):
        response = client.get("/admin/likely-duplicates/", query)
        assert response.status_code == 200
        return [found["url"] for found in response.json()["duplicates"]]

    asked = {"speaker": speaker.pk, "date": "2025-04?"}
    assert named(**asked, title="Iran calls for bridging the digital divide!") == [
        change_url(earlier)
    ]
    assert named(**asked, title="Cuba and Iran sign a memorandum") == []
    assert named(**{**asked, "date": "2025-04"}, title=earlier.title) == []
    assert named(**asked, title=earlier.title, exclude=earlier.pk) == []
    assert named(speaker="x", date="", title="") == []
    changing = client.get(change_url(earlier)).content.decode()
    assert f'data-exclude="{earlier.pk}"' in changing


def test_only_the_desk_may_ask_for_likely_duplicates(client):
    response = client.get("/admin/likely-duplicates/", {"speaker": 1, "date": "2025", "title": "x"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_likely_duplicate_agreement_is_pointed_out(client, curator):
    earlier = make_agreement(parties=("IR", "CU"), signed_on="2024-11-24")
    response = client.get("/admin/statements/agreement/add/")
    data = form_data(response)
    data.update(
        {
            "title": "Postal memorandum",
            "kind": "mou",
            "agreement_status": "signed",
            "signed_on": "2024-11-24",
            "signed_precision": "day",
            "parties-0-country": "CU",
            "parties-0-position": "0",
            "parties-1-country": "IR",
            "parties-1-position": "1",
        }
    )
    page = client.post("/admin/statements/agreement/add/", data, follow=True).content.decode()
    assert "This may repeat" in page and change_url(earlier) in page


def test_validation_errors_are_the_models_own_and_name_the_field(client, curator):
    response = add_statement(
        client,
        title="Both",
        speaker=make_person().pk,
        on_behalf_of_country="IR",
        on_behalf_of_actor=make_person(kind=Actor.Kind.DELEGATION).pk,
    )
    errors = response.context["adminform"].form.errors
    assert errors["on_behalf_of_actor"] == [
        "A statement is made on behalf of a country or of a group, not both."
    ]
    assert not Statement.objects.filter(title="Both").exists()


@pytest.mark.parametrize(
    "model", ["statement", "agreement", "event", "actor", "role", "forum", "source", "theme"]
)
def test_every_list_filters_by_status_and_searches_in_few_queries(
    client, curator, django_assert_num_queries, model
):
    for n in range(5):
        make_statement(title=f"Words {n}", status=Status.DRAFT)
        make_agreement(title=f"Pact {n}")
    with django_assert_num_queries(ADMIN_LIST_QUERIES[model]):
        response = client.get(f"/admin/statements/{model}/", {"status__exact": "draft", "q": "a"})
    assert response.status_code == 200


# Every list reads the session and the curator (2) and their permissions (2, the user's and
# their groups'), counts the records found and all (2, or one bounded count for the large
# lists), and reads the page (1), and when it has rows who changed them last (1); then its
# filters' choices.
ADMIN_LIST_QUERIES = {
    # The range of years (1), the forums and themes to filter by (2), the kept countries with
    # statements (1), found and kept on this first visit (2), and their names (1); the kept
    # languages (1), found and kept on this first visit (2).
    "statement": 4 + 1 + 2 + 4 + 3 + 1 + 1,
    # The range of years (1), the themes and countries to filter by (2).
    "agreement": 4 + 1 + 2 + 1 + 1,
    # The forums and countries to filter by (2), the years of its date hierarchy (2).
    "event": 4 + 2 + 2 + 1 + 2,
    # The countries to filter by (1).
    "actor": 4 + 1 + 2 + 1,
    # The years of its date hierarchy (2).
    "role": 4 + 2 + 1 + 2,
    "forum": 4 + 2 + 1,
    # The years of its date hierarchy (2), its languages to filter by (1).
    "source": 4 + 2 + 1 + 2 + 1,
    "theme": 4 + 2 + 1,
}
