"""Personas and fixtures shared by the suite."""

import pytest

from .desk import member_of


@pytest.fixture
def curator(db):
    """Carla enters and corrects records and submits them for review."""
    return member_of("curators", "carla")


@pytest.fixture
def reviewer(db):
    """Rafael also publishes, sends back to draft and deletes published records."""
    return member_of("reviewers", "rafael")
