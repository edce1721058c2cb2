"""Shared fixtures: each area keeps its own in tests/fixtures/<name>.py and is listed here."""

pytest_plugins: list[str] = [
    "tests.fixtures.postgres",
    "tests.fixtures.warehouse",
    "tests.fixtures.airflow",
    "tests.fixtures.mirror",
]
