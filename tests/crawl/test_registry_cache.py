"""The registry cache cannot run code and is read only from a place this user owns
(issue 14, item 1): a pickle planted where the old cache lived, or where the new one
lives, runs nothing; a cache file someone else could have written is not trusted."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path

import pytest

from core.registry import DEFAULT_DIR, loader
from core.registry.cache import FORMAT, CacheStore

ENTRY = """\
code: "990100"
name: 测试市
level: city
sources: []
"""


class _Payload:
    """Unpickling this creates the marker file: the proof that code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pwned"))


@pytest.fixture
def registry_dir(tmp_path, monkeypatch):
    d = tmp_path / "registry"
    d.mkdir()
    (d / "990100.yaml").write_text(ENTRY, encoding="utf-8")
    monkeypatch.setenv("GOVWORK_HOME", str(tmp_path / "home"))
    loader._LOADED.clear()
    yield d
    loader._LOADED.clear()


def _old_cache_file(directory: Path) -> Path:
    """Where the loader used to keep its pickle: a name any local user could compute."""
    h = hashlib.sha256(f"1\0{directory.resolve()}\0".encode())
    for file in [DEFAULT_DIR / "_defaults.yaml", *sorted(directory.glob("*.yaml"))]:
        st = file.stat()
        h.update(f"{file.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return Path(tempfile.gettempdir()) / "govwork-registry-cache" / f"{h.hexdigest()[:32]}.pickle"


def _new_cache_file(directory: Path, home: Path) -> Path:
    key = loader._cache_key(directory, DEFAULT_DIR / "_defaults.yaml")
    return CacheStore(home / "cache" / "registry").path_for(key)


def test_a_pickle_planted_where_the_old_cache_was_runs_nothing(registry_dir, tmp_path):
    marker = tmp_path / "marker"
    old = _old_cache_file(registry_dir)
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(pickle.dumps(_Payload(marker)))
    try:
        registry = loader.load_registry(registry_dir)
    finally:
        old.unlink(missing_ok=True)
    assert not marker.exists()
    assert registry.get("990100").name == "测试市"


def test_a_pickle_planted_at_the_new_cache_path_runs_nothing(registry_dir, tmp_path):
    marker = tmp_path / "marker"
    path = _new_cache_file(registry_dir, tmp_path / "home")
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_bytes(pickle.dumps(_Payload(marker)))
    os.chmod(path, 0o600)
    assert loader.load_registry(registry_dir).get("990100").name == "测试市"
    assert not marker.exists()
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == FORMAT  # rewritten


def _tampered(registry_dir: Path, home: Path) -> Path:
    """Fill the cache, then change the name inside it: a cache that is trusted says 篡改市."""
    loader.load_registry(registry_dir)
    loader._LOADED.clear()
    path = _new_cache_file(registry_dir, home)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["jurisdictions"][0]["name"] = "篡改市"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_own_private_cache_is_used(registry_dir, tmp_path):
    path = _tampered(registry_dir, tmp_path / "home")
    os.chmod(path, 0o600)
    assert loader.load_registry(registry_dir).get("990100").name == "篡改市"  # so the checks below bite


def test_a_cache_others_can_write_is_not_trusted(registry_dir, tmp_path):
    path = _tampered(registry_dir, tmp_path / "home")
    os.chmod(path, 0o666)
    assert loader.load_registry(registry_dir).get("990100").name == "测试市"
    loader._LOADED.clear()
    os.chmod(path, 0o600)
    os.chmod(path.parent, 0o777)  # a directory others can write: they could swap the file
    assert loader.load_registry(registry_dir).get("990100").name == "测试市"


def test_a_cache_owned_by_another_user_or_a_symlink_is_not_trusted(registry_dir, tmp_path):
    path = _tampered(registry_dir, tmp_path / "home")
    os.chmod(path, 0o600)
    if os.getuid() == 0:  # only root can give a file away
        os.chown(path, 65534, 65534)
        assert loader.load_registry(registry_dir).get("990100").name == "测试市"
        loader._LOADED.clear()
        path = _tampered(registry_dir, tmp_path / "home")
        os.chmod(path, 0o600)
    elsewhere = tmp_path / "elsewhere.json"
    path.replace(elsewhere)  # our own private tampered file, reached through a symlink
    path.symlink_to(elsewhere)
    assert loader.load_registry(registry_dir).get("990100").name == "测试市"


def _generated(tmp_path: Path) -> Path:
    from bench.jurisdictions import write_registry  # the generator the benchmark uses

    d = tmp_path / "generated"
    write_registry(d, 60)
    # one source with rules of its own, so the shared tables hold more than the defaults
    first = sorted(d.glob("*-synthetic.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "    politeness: {min_delay: 3}\n", encoding="utf-8")
    return d


def test_the_cache_gives_back_what_the_yaml_gives(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVWORK_HOME", str(tmp_path / "home"))
    store = CacheStore(tmp_path / "home" / "cache" / "registry")
    for d in (DEFAULT_DIR, _generated(tmp_path)):
        loader._LOADED.clear()
        loader.load_registry(d)  # fills the cache
        cached = store.read(loader._cache_key(d, d / "_defaults.yaml"))  # both have their own defaults
        read = loader.load_registry(d, cache=False)
        assert cached is not None and cached.jurisdictions == read.jurisdictions
        assert (cached.candidates, cached.exclude) == (read.candidates, read.exclude)
    delays = {s.politeness.min_delay for j in cached.jurisdictions for s in j.sources}
    assert 3.0 in delays and len(delays) > 1  # the own politeness and the shared one both came back
    loader._LOADED.clear()


@pytest.mark.parametrize("index", [True, -1, 99, "0", None])
def test_a_cache_naming_a_shared_rule_set_that_is_not_there_is_not_used(registry_dir, tmp_path, index):
    (registry_dir / "990100.yaml").write_text(
        ENTRY.replace("sources: []", "sources:\n  - {id: t, name: t, base_url: http://t.example, "
                      "listings: [{url: http://t.example/l, kinds: [breakdown]}]}"),
        encoding="utf-8",
    )
    loader.load_registry(registry_dir)
    loader._LOADED.clear()
    path = _new_cache_file(registry_dir, tmp_path / "home")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["jurisdictions"][0]["sources"][0]["article"] = index
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.chmod(path, 0o600)
    assert CacheStore(path.parent).read(path.stem) is None
    assert loader.load_registry(registry_dir).source("t").article.body  # read from YAML again
