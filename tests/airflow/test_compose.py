"""docker-compose.yml without Docker: it parses, has every service the deployment needs,
its references resolve (services, volumes, build files, ${VARS} in .env.example), it holds
no secret, and its image is built on the Airflow version the project pins."""

from __future__ import annotations

import re

import pytest
import yaml

from core.config import REPO_ROOT

COMPOSE = REPO_ROOT / "docker-compose.yml"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
DOCKERFILE = REPO_ROOT / "docker" / "Dockerfile"
VAR_REF = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    pairs = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def _command(service: dict) -> str:
    cmd = service.get("command", "")
    return " ".join(cmd) if isinstance(cmd, list) else str(cmd)


def test_every_service_the_deployment_needs(compose):
    services = compose["services"]
    commands = {name: _command(s) for name, s in services.items()}
    for component in ("api-server", "scheduler", "dag-processor", "triggerer", "celery worker"):
        assert component in commands.values(), f"no service runs `airflow {component}`"
    images = {name: s.get("image", "") for name, s in services.items()}
    assert images["redis"].startswith("redis:")
    assert images["airflow-db"].startswith("postgres:") and images["warehouse-db"].startswith("postgres:")
    assert images["metabase"].startswith("metabase/metabase:")
    for name, image in images.items():
        assert image and not image.endswith(":latest") and ":" in image, f"{name}: pin an image tag, not {image!r}"


def test_airflow_uses_celery_with_redis_and_postgres(compose):
    env = compose["x-airflow-common"]["environment"]
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://") and "@redis:" in env["AIRFLOW__CELERY__BROKER_URL"]
    assert "@airflow-db:" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    # The warehouse is a separate database, reached through the connection the hook reads.
    assert "@warehouse-db:" in env["AIRFLOW_CONN_GOVWORK_WAREHOUSE"]
    assert "airflow-apiserver" in env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"]


def test_references_resolve(compose):
    services = compose["services"]
    declared_volumes = set(compose.get("volumes") or {})
    for name, service in services.items():
        for dep in service.get("depends_on") or {}:
            assert dep in services, f"{name} depends on unknown service {dep}"
        for mount in service.get("volumes") or []:
            source = mount.split(":")[0]
            if source.startswith("."):
                assert (REPO_ROOT / source).exists(), f"{name} mounts missing {source}"
            else:
                assert source in declared_volumes, f"{name} uses undeclared volume {source}"
        build = service.get("build")
        if build:
            assert (REPO_ROOT / build["context"] / build["dockerfile"]).exists()
    raw_mounts = [m for s in services.values() for m in s.get("volumes") or [] if m.startswith("raw-store:")]
    assert raw_mounts, "the raw store needs its own volume"


def test_metabase_reads_the_warehouse_as_the_read_only_role(compose):
    services = compose["services"]
    init = services["warehouse-init"]
    assert "govwork bi-role" in _command(init) and "WAREHOUSE_BI_USER" in _command(init)
    assert "@warehouse-db:" in init["environment"]["WAREHOUSE_URL"]
    setup = services["metabase-setup"]
    assert setup["depends_on"]["warehouse-init"]["condition"] == "service_completed_successfully"
    assert setup["environment"]["WAREHOUSE_BI_USER"] == "${WAREHOUSE_BI_USER}"
    script = (REPO_ROOT / "docker" / "metabase-setup.sh").read_text(encoding="utf-8")
    assert '"host": "warehouse-db"' in script and '"user": "$WAREHOUSE_BI_USER"' in script


def test_every_variable_is_in_env_example_and_no_secret_in_the_file(env_example):
    text = COMPOSE.read_text(encoding="utf-8")
    used = set(VAR_REF.findall(text))
    assert used, "compose file uses no variables?"
    assert used <= set(env_example), f"missing from .env.example: {sorted(used - set(env_example))}"
    # Secrets only by reference: any value under a secret-looking key must be ${...}.
    for match in re.finditer(r"^\s*([A-Z0-9_]*(?:PASSWORD|SECRET|FERNET)[A-Z0-9_]*):\s*(.+)$", text, re.M):
        assert match.group(2).strip().startswith("${"), match.group(0)
    for url in re.findall(r"(?:postgresql|redis)[^\s\"']*://[^\s\"']+", text):
        credentials = url.split("://", 1)[1].split("@")[0] if "@" in url else ""
        assert all(part.startswith("${") or part == "" for part in credentials.split(":")), url
    for key, value in env_example.items():
        if re.search(r"PASSWORD|SECRET|FERNET", key):
            assert value == "change-me", f"{key} in .env.example must be a placeholder"


def test_image_builds_on_the_pinned_airflow_version():
    pin = re.search(r'"apache-airflow\[[^]]*\]==([0-9.]+)"', (REPO_ROOT / "pyproject.toml").read_text()).group(1)
    base = re.search(r"^FROM\s+(\S+)", DOCKERFILE.read_text(), re.M).group(1)
    assert base == f"apache/airflow:{pin}-python3.11"
