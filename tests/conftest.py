"""Shared fixtures: paths to the real data in ../shared/data (skipping when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test with a clear reason when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path} is absent (../shared is not beside the checkout)")
    return path


@pytest.fixture
def shared_data() -> Path:
    """The ../shared/data directory of real catalogue data."""
    return shared_path()


@pytest.fixture
def test_data() -> Path:
    """tests/data: small inputs written for the tests."""
    return TEST_DATA
