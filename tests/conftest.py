"""Fixtures shared by mlprep's own tests."""

import pytest

from mlprep import catalog


@pytest.fixture(scope="session")
def problems():
    return {p.slug: p for p in catalog.load_catalog()}
