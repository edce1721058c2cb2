"""A registry with one test jurisdiction whose only source is the mirror's fault host."""

from __future__ import annotations

import uuid
from pathlib import Path

from core.config import Settings
from core.registry import Registry, load_registry

FAULTS_YAML = """\
code: "990000"
name: 故障测试省
level: province
sources:
  - id: faults
    name: 故障测试站
    base_url: http://faults.test
    years: [2026]
    politeness:
      min_delay: 0
      timeout: {timeout}
      max_bytes: {max_bytes}
      retries: {retries}
      backoff: 0.01
    listings:
      - url: http://faults.test/run/{token}/list.html
        kinds: [breakdown]
        item_selector: "ul.list li a"
    article:
      body: ["#zoom"]
      attachments: {{selector: "#zoom a[href]"}}
"""


def fault_registry(tmp_path: Path, *, timeout: float = 0.5, max_bytes: int = 100_000, retries: int = 2) -> tuple[Registry, str]:
    """(registry, run prefix): a fresh token, so the mirror's fault counters start at zero."""
    token = uuid.uuid4().hex[:10]
    d = tmp_path / f"registry-{token}"
    d.mkdir()
    (d / "990000-faults.yaml").write_text(
        FAULTS_YAML.format(token=token, timeout=timeout, max_bytes=max_bytes, retries=retries), encoding="utf-8"
    )
    return load_registry(d), f"/run/{token}/"


def settings_for(tmp_path: Path, mirror_url: str, **changes) -> Settings:
    env = {"GOVWORK_HOME": str(tmp_path / "home"), "GOVWORK_MIN_DELAY": "0"}
    return Settings.from_env(env).with_(mirror_url=mirror_url, **changes)
