"""docker-compose.yml without Docker: it parses, has every service the deployment needs,
its references resolve (services, volumes, build files, ${VARS} in .env.example), it holds
no secret, and its image is built on the Airflow version the project pins. The hardening
(issue 14, item 14): healthchecks, the warehouse migration before any task, ${VAR:?}
guards and a preflight that refuses "change-me", no secret on a command line, published
ports on 127.0.0.1, the admin user made by the init job; the shell scripts run here."""

from __future__ import annotations

import os
import re
import subprocess

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
    assert init["environment"]["GOVWORK_BI_PASSWORD"] == "${WAREHOUSE_BI_PASSWORD:?}"  # not an argument
    assert "@warehouse-db:" in init["environment"]["WAREHOUSE_URL"]
    setup = services["metabase-setup"]
    assert setup["depends_on"]["warehouse-init"]["condition"] == "service_completed_successfully"
    assert setup["environment"]["WAREHOUSE_BI_USER"] == "${WAREHOUSE_BI_USER:?}"
    script = (REPO_ROOT / "docker" / "metabase-setup.sh").read_text(encoding="utf-8")
    assert '"host": "warehouse-db"' in script and '"user": "$WAREHOUSE_BI_USER"' in script


def test_every_variable_is_in_env_example_and_no_secret_in_the_file(env_example):
    text = COMPOSE.read_text(encoding="utf-8")
    used = set(VAR_REF.findall(text))
    assert used, "compose file uses no variables?"
    assert used <= set(env_example), f"missing from .env.example: {sorted(used - set(env_example))}"
    # Secrets only by reference: any value under a secret-looking key must be ${...}.
    for match in re.finditer(r"^\s*([A-Z0-9_]*(?:PASSWORD|SECRET|FERNET)[A-Z0-9_]*):\s*(.+)$", text, re.M):
        if not match.group(1).endswith("_FILE"):  # a path to a secrets file is no secret
            assert match.group(2).strip().startswith("${"), match.group(0)
    for url in re.findall(r"(?:postgresql|redis)[^\s\"']*://[^\s\"']+", text):
        credentials = url.split("://", 1)[1].split("@")[0] if "@" in url else ""
        assert re.fullmatch(r"(\$\{[A-Z_]+:\?\})?(:\$\{[A-Z_]+:\?\})?", credentials), url
    for key, value in env_example.items():
        if re.search(r"PASSWORD|SECRET|FERNET", key):
            assert value == "change-me", f"{key} in .env.example must be a placeholder"


def test_image_builds_on_the_pinned_airflow_version():
    pin = re.search(r'"apache-airflow\[[^]]*\]==([0-9.]+)"', (REPO_ROOT / "pyproject.toml").read_text()).group(1)
    base = re.search(r"^FROM\s+(\S+)", DOCKERFILE.read_text(), re.M).group(1)
    assert base == f"apache/airflow:{pin}-python3.11"


# --- hardening ---------------------------------------------------------------------------

LONG_RUNNING = ("airflow-db", "warehouse-db", "redis", "airflow-apiserver", "airflow-scheduler",
                "airflow-dag-processor", "airflow-triggerer", "airflow-worker", "metabase")


def _healthcheck(service: dict) -> str:
    test = (service.get("healthcheck") or {}).get("test") or []
    return " ".join(test) if isinstance(test, list) else str(test)


def test_every_long_running_service_has_a_healthcheck(compose):
    services = compose["services"]
    for name in LONG_RUNNING:
        assert services[name].get("restart") == "unless-stopped", name
        assert _healthcheck(services[name]), f"{name} has no healthcheck"
    assert {n for n, s in services.items() if s.get("restart") == "unless-stopped"} == set(LONG_RUNNING)
    checks = {name: _healthcheck(services[name]) for name in LONG_RUNNING}
    # as in Airflow's official docker-compose.yaml
    assert "airflow jobs check --job-type DagProcessorJob" in checks["airflow-dag-processor"]
    assert "airflow jobs check --job-type TriggererJob" in checks["airflow-triggerer"]
    assert "inspect ping" in checks["airflow-worker"] and "celery@$${HOSTNAME}" in checks["airflow-worker"]
    assert "localhost:8974/health" in checks["airflow-scheduler"]
    assert "localhost:8080/api/v2/version" in checks["airflow-apiserver"]
    assert "localhost:3000/api/health" in checks["metabase"]
    assert "pg_isready" in checks["airflow-db"] and "pg_isready" in checks["warehouse-db"]
    assert "redis-cli ping" in checks["redis"]


def test_dag_tasks_wait_for_the_warehouse_migration(compose):
    services = compose["services"]
    for name in ("airflow-worker", "airflow-scheduler"):
        assert services[name]["depends_on"]["warehouse-init"]["condition"] == "service_completed_successfully"
    assert services["metabase-setup"]["depends_on"]["metabase"]["condition"] == "service_healthy"


def test_every_secret_is_required_and_nothing_starts_before_the_preflight(compose, env_example):
    text = COMPOSE.read_text(encoding="utf-8")
    secrets = {k for k in env_example if re.search(r"PASSWORD|SECRET|FERNET", k)}
    for name in secrets:
        refs = re.findall(r"\$\{" + name + r"([^}]*)\}", text)
        assert refs and all(r == ":?" for r in refs), f"{name}: every reference must be ${{{name}:?}}, got {refs}"
    preflight = compose["services"]["preflight"]
    assert set(preflight["environment"]["PREFLIGHT_NAMES"].split()) == secrets
    for name, service in compose["services"].items():
        if name != "preflight":
            deps = service.get("depends_on") or {}
            reaches = "preflight" in deps or any("preflight" in (compose["services"][d].get("depends_on") or {})
                                                 for d in deps)
            assert reaches, f"{name} may start before the preflight"


CHECK = REPO_ROOT / "docker" / "check-secrets.sh"


def _preflight(values: dict[str, str]) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PREFLIGHT_NAMES": " ".join(values), **values}
    return subprocess.run(["sh", str(CHECK)], env=env, capture_output=True, text=True, timeout=30)


def test_the_preflight_refuses_change_me_and_unset_secrets():
    good = _preflight({"A_PASSWORD": "x7$!", "B_SECRET": "y y"})
    assert good.returncode == 0 and good.stderr == ""
    bad = _preflight({"A_PASSWORD": "change-me", "B_SECRET": "", "C_SECRET": "ok"})
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "refusing to start: A_PASSWORD is unset or still change-me (edit .env)",
        "refusing to start: B_SECRET is unset or still change-me (edit .env)",
    ]


def test_no_secret_on_a_command_line(compose, env_example):
    secrets = [k for k in env_example if re.search(r"PASSWORD|SECRET|FERNET", k)]
    for name, service in compose["services"].items():
        for field in ("command", "entrypoint"):
            value = service.get(field) or ""
            value = " ".join(value) if isinstance(value, list) else str(value)
            assert not any(secret in value for secret in secrets), f"{name}: a secret in {field}: {value}"
            assert "--password" not in value and "--requirepass" not in value, f"{name}: {value}"
        assert "-a " not in _healthcheck(service), f"{name}: a password argument in the healthcheck"
    for script in ("redis.sh", "airflow-init.sh", "metabase-setup.sh"):
        text = (REPO_ROOT / "docker" / script).read_text(encoding="utf-8")
        assert "--requirepass" not in text and "--password" not in text, script


def test_published_ports_listen_on_loopback_by_default(compose, env_example):
    for name, service in compose["services"].items():
        for port in service.get("ports") or []:
            assert port.startswith("${PUBLISH_ADDRESS:-127.0.0.1}:"), f"{name}: {port}"
    assert env_example["PUBLISH_ADDRESS"] == "127.0.0.1"


def test_the_init_job_creates_the_admin_user(compose, tmp_path):
    init = compose["services"]["airflow-init"]
    assert init["entrypoint"] == ["/bin/bash", "/opt/govwork/docker/airflow-init.sh"]
    assert init["environment"]["AIRFLOW_ADMIN_PASSWORD"] == "${AIRFLOW_ADMIN_PASSWORD:?}"
    common = compose["x-airflow-common"]
    path = common["environment"]["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]
    assert any(v.endswith(":" + path.rsplit("/", 1)[0]) for v in common["volumes"])  # a volume the api-server shares
    # The script itself, with `airflow` stubbed: it writes {user: password}, readable by its owner only.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "airflow").write_text("#!/bin/sh\necho migrated \"$@\"\n", encoding="utf-8")
    (bin_dir / "airflow").chmod(0o755)
    (bin_dir / "python").symlink_to(__import__("sys").executable)
    target = tmp_path / "auth" / "passwords.json"
    done = subprocess.run(
        ["sh", str(REPO_ROOT / "docker" / "airflow-init.sh")], capture_output=True, text=True, timeout=60,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(target),
             "AIRFLOW_ADMIN_USER": "admin", "AIRFLOW_ADMIN_PASSWORD": "s3 cret\"x"})
    assert done.returncode == 0, done.stderr
    assert "migrated db migrate" in done.stdout
    assert __import__("json").loads(target.read_text()) == {"admin": "s3 cret\"x"}
    assert target.stat().st_mode & 0o777 == 0o600
