"""Personas and fixtures shared by the suite."""

import datetime

import pytest

from statements.models import Actor, Status

from .desk import member_of
from .factories import (
    make_actor,
    make_event,
    make_forum,
    make_person,
    make_source,
    make_statement,
    make_theme,
    relate,
    theme,
)
from .files import AWKWARD_TEXT, ESCAPED_TEXT


@pytest.fixture
def curator(db):
    """Carla enters and corrects records and submits them for review."""
    return member_of("curators", "carla")


@pytest.fixture
def reviewer(db):
    """Rafael also publishes, sends back to draft and deletes published records."""
    return member_of("reviewers", "rafael")


@pytest.fixture
def awkward_statements():
    """Statements whose cells and values test every rule of both formats."""
    formula_theme = make_theme(name="=SUM(A1)")
    draft_theme = make_theme(name="Draft theme", status=Status.DRAFT)
    odd_sources = [
        make_source(title="@home", publisher="", url=""),
        make_source(title="Plain report", publisher="-dash press"),
        make_source(title="Draft source", status=Status.DRAFT),
        make_source(title="Undated", published_on=None, accessed_on=datetime.date(2025, 5, 2)),
        make_source(
            title=ESCAPED_TEXT,
            published_on=datetime.date(2024, 6, 1),
            published_precision="month",
        ),
    ]
    group = make_actor(name="+Group of 77", kind=Actor.Kind.INTERGOVERNMENTAL, country=None)
    cstd = make_forum(name="CSTD", acronym="CSTD")
    first = make_statement(
        title="=1+1",
        summary=AWKWARD_TEXT,
        text='ایران و کوبا, "همکاری"',
        date=datetime.date(2025, 4, 1),
        date_precision="month",
        language="",
        on_behalf_of_country_id="IR",
        event=make_event(forum=cstd),
        themes=[formula_theme, theme("digital-divide"), draft_theme],
        text_is_excerpt=True,
    )
    relate(first, mentioned_countries=["IR", "CU", "RS"])
    relate(first, sources=odd_sources)
    make_statement(
        title="Said by a speaker still in draft",
        speaker=make_person(status=Status.DRAFT, country_id="CU"),
        event=make_event(status=Status.DRAFT),
        date=datetime.date(2024, 1, 1),
        date_precision="year",
    )
    make_statement(
        title="'Quoted, with a comma",
        summary="+plus",
        text="-minus\n",
        speaker_title="@the title",
        on_behalf_of_actor=group,
        forum=make_forum(name="Draft forum", status=Status.DRAFT),
    )
    make_statement(title="Tab\tinside", summary="\tleading tab", text="\rleading return")
    nothing_listed = make_statement(
        title=ESCAPED_TEXT,
        text=ESCAPED_TEXT,
        speaker=make_person(name='Ali "the \\ Wise"', country=None),
        speaker_title=ESCAPED_TEXT,
    )
    relate(nothing_listed, sources=[odd_sources[2]])
    make_statement(title="Hidden", status=Status.DRAFT)
