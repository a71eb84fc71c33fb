"""Shared fixtures: tiny stores built from files written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.config import SHARED_DATA_DIR
from helpers.io.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "test.duckdb") as st:
        yield st


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA_DIR.is_dir():
        pytest.skip(f"shared labelled data not found at {SHARED_DATA_DIR} (set VIGIE_SHARED_DATA)")
    return SHARED_DATA_DIR
