"""Fixtures for the projects app's tests, on top of the shared ones in the repository's conftest.py."""

from collections.abc import Callable

import pytest
from django.test import Client

from coproduce.projects.permissions import ProjectRole

# Everyone a project page may be asked for by: the four roles, a member of another project, nobody.
VISITORS = ["lead", "researcher", "facilitator", "observer", "outsider", "anonymous"]


@pytest.fixture
def client_as(client: Client, member, outsider) -> Callable[[str], Client]:
    """client_as("observer") -> the test client signed in as someone with that role in `project`."""

    def make(visitor: str) -> Client:
        if visitor == "anonymous":
            return client
        user = outsider if visitor == "outsider" else member(ProjectRole(visitor))
        client.force_login(user)
        return client

    return make
