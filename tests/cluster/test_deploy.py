"""Deployment files: the compose file's shape and config, the systemd unit's validity.

Neither can run here (no Docker engine; systemd does not manage this machine's services):
these tests check what can be checked without running them.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pytest
import yaml

from bot.config import ROOT, load_config
from bot.registry import Registry
from bot.storage.journal import journal_path

DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "systemd" / "vigie.service"
TEMPLATE = DEPLOY / "systemd" / "vigie@.service"
#: The unit files as `systemd-analyze` reads them: the template as its instance 0.
UNITS = {UNIT: "vigie.service", TEMPLATE: "vigie@0.service"}


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_compose_runs_synapse_postgres_redis_and_two_vigie_processes() -> None:
    services = compose()["services"]
    assert set(services) == {"synapse", "postgres", "redis", "vigie-0", "vigie-1"}
    processes = [services[f"vigie-{i}"]["environment"]["VIGIE_PROCESS"] for i in range(2)]
    assert processes == ["0", "1"]
    for name in ("vigie-0", "vigie-1"):
        vigie = services[name]
        assert vigie["build"]["dockerfile"] == "deploy/Dockerfile"
        assert (DEPLOY / vigie["build"]["context"] / vigie["build"]["dockerfile"]).is_file()
        assert vigie["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert vigie["cap_drop"] == ["ALL"]
    assert "healthcheck" in services["postgres"]
    assert "healthcheck" in services["redis"]


def test_the_compose_config_is_valid_for_each_process(registry: Registry) -> None:
    mounted = compose()["services"]["vigie-0"]["volumes"][0].split(":")[0]
    path = DEPLOY / mounted
    assert compose()["services"]["vigie-1"]["volumes"][0].split(":")[0] == mounted
    shapes = []
    for process in ("0", "1"):
        env = {"VIGIE_PROCESS": process, "VIGIE_DB_PASSWORD": "pw", "VIGIE_MATRIX_TOKEN": "t"}
        config = load_config(path, registry, env=env)
        model = config.model
        shapes.append((model.cluster.process, model.cluster.processes))
        assert model.state.startswith("redis://redis:6379/")
        assert model.storage.startswith("postgresql://vigie:pw@postgres:5432/")
        assert model.metrics.port == 9108
        assert model.logs.format == "json"
    assert shapes == [(0, 2), (1, 2)]


def test_each_process_keeps_its_journal_on_a_volume_of_its_own(registry: Registry) -> None:
    spec = compose()
    named = set(spec["volumes"])
    volumes = []
    for process in ("0", "1"):
        service = spec["services"][f"vigie-{process}"]
        assert service["read_only"] is True  # nothing outside the volumes is written
        mounts = dict(reversed(v.split(":")[:2]) for v in service["volumes"])
        config_file = DEPLOY / next(s for t, s in mounts.items() if t == "/etc/vigie/vigie.yaml")
        env = {"VIGIE_PROCESS": process, "VIGIE_DB_PASSWORD": "pw", "VIGIE_MATRIX_TOKEN": "t"}
        model = load_config(config_file, registry, env=env).model
        journal = PurePosixPath(journal_path(model.storage, model.journal))
        assert journal.is_absolute(), journal
        holding = [s for t, s in mounts.items() if journal.is_relative_to(t)]
        assert len(holding) == 1, (journal, mounts)
        assert holding[0] in named  # a named volume: it outlives the container
        volumes.append(holding[0])
    assert len(set(volumes)) == 2  # one per process: two journals never share a file


def _service(unit: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read_string(unit.read_text())
    return parser["Service"]


@pytest.mark.parametrize("unit", [UNIT, TEMPLATE], ids=lambda u: u.name)
def test_the_journal_lives_in_the_units_persistent_state_directory(unit: Path) -> None:
    service = _service(unit)
    # The journal's default path is relative: the working directory must be the state one.
    assert service["WorkingDirectory"] == f"/var/lib/{service['StateDirectory']}"
    assert journal_path("postgresql://db/vigie") == "vigie-journal.sqlite"


def test_the_template_unit_is_sandboxed_as_the_single_unit() -> None:
    own = {"ExecStart", "WorkingDirectory", "StateDirectory"}
    single, template = _service(UNIT), _service(TEMPLATE)
    assert {k: v for k, v in single.items() if k not in own} == {
        k: v for k, v in template.items() if k not in own
    }
    assert template["StateDirectory"] == "vigie/%i"


@pytest.fixture(params=list(UNITS), ids=lambda u: u.name)
def analyzable_unit(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A unit with ExecStart on this checkout's vigie, which `verify` requires to exist."""
    vigie = shutil.which("vigie") or str(Path(ROOT / ".venv" / "bin" / "vigie"))
    if not Path(vigie).exists():
        pytest.skip("the vigie command is not installed here")
    source: Path = request.param
    text = source.read_text().replace("/opt/vigie/venv/bin/vigie", vigie)
    unit = tmp_path / UNITS[source]
    unit.write_text(text)
    return unit


def _analyze(*args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here (it comes with systemd)")
    return subprocess.run(
        ["systemd-analyze", *args], capture_output=True, text=True, check=False, timeout=60
    )


def test_the_systemd_unit_verifies_without_a_warning(analyzable_unit: Path) -> None:
    done = _analyze("verify", str(analyzable_unit))
    # verify exits 0 even on unknown keys; they show on stderr.
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""


def test_the_systemd_unit_is_hardened(analyzable_unit: Path) -> None:
    # The exposure score runs from 0 (locked down) to 10 (unprotected); the threshold is x10.
    done = _analyze("security", "--offline=yes", "--threshold=20", str(analyzable_unit))
    assert done.returncode == 0, done.stdout[-2000:]
