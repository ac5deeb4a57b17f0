"""Shared pytest options: `--update-goldens` rewrites the rule fixtures' `.expected` files."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite fixtures/rules/**/bad_*.expected from the current output (review the diff)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


# The Markdown report links locations to the forge when these are set (as in a CI job): the
# goldens and tests are written for a run outside CI unless a test sets them itself.
FORGE_VARIABLES = (
    "GITHUB_SERVER_URL",
    "GITHUB_REPOSITORY",
    "GITHUB_SHA",
    "CI_PROJECT_URL",
    "CI_COMMIT_SHA",
)


@pytest.fixture(autouse=True)
def _outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in FORGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
