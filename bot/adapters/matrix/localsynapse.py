"""Run a throwaway Synapse on loopback (SQLite, free port) for `make run` and the e2e tests.

Synapse is installed from PyPI into the same virtualenv (the `dev` extra) and started with
this interpreter. Users are registered through the shared-secret admin API, so the server
keeps public registration closed.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib.util
import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.localservers.leases import lease
from bot.localservers.ports import start_on_free_port

SERVER_NAME = "localhost"
_START_TIMEOUT = 60.0
# Generous limits: tests and the demo send bursts no real member would.
_FAST = {"per_second": 1000, "burst_count": 1000}
_RATE_LIMITS: dict[str, Any] = {
    "rc_message": _FAST,
    "rc_registration": _FAST,
    "rc_login": {"address": _FAST, "account": _FAST, "failed_attempts": _FAST},
    "rc_joins": {"local": _FAST, "remote": _FAST},
    "rc_joins_per_room": _FAST,
    "rc_invites": {"per_room": _FAST, "per_user": _FAST, "per_issuer": _FAST},
    "rc_admin_redaction": _FAST,
    "rc_3pid_validation": _FAST,
    "rc_media_create": _FAST,
    "rc_reports": _FAST,
    "rc_room_creation": _FAST,
    "rc_profile": _FAST,
    "rc_key_requests": _FAST,
}


class SynapseError(RuntimeError):
    """Say that the local Synapse could not be installed, started or asked."""


class SynapseExited(SynapseError):
    """Say that Synapse exited as it started (its port may have been taken meanwhile)."""


@dataclass(frozen=True, slots=True)
class Account:
    """A registered account and the token it was given."""

    user_id: str
    password: str
    access_token: str
    admin: bool = False

    @property
    def localpart(self) -> str:
        """Return the part of the ID before the server name."""
        return self.user_id[1:].split(":", 1)[0]


class LocalSynapse:
    """Run one Synapse in a temp dir, bound to 127.0.0.1, and register accounts on it."""

    def __init__(
        self,
        root: Path | None = None,
        *,
        limits: dict[str, dict[str, float]] | None = None,
        settings: dict[str, Any] | None = None,
    ) -> None:
        self._given_root = root
        #: Rate limits set instead of the generous defaults (`rc_message`, `rc_admin_redaction`...).
        self.limits = dict(limits or {})
        #: Other homeserver.yaml keys set last (`database`, `caches`...), for the benches.
        self.settings = dict(settings or {})
        self.root: Path | None = None
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._secret = ""

    @staticmethod
    def missing() -> str | None:
        """Say why Synapse cannot run here, or None when it can."""
        if importlib.util.find_spec("synapse") is None:
            return "matrix-synapse is not installed in this environment (pip install -e '.[dev]')"
        return None

    @property
    def url(self) -> str:
        """Return the base URL of the client API."""
        if self.port is None:
            raise SynapseError("the server is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        """Return the process ID of the running server."""
        if self._process is None:
            raise SynapseError("the server is not started")
        return self._process.pid

    @property
    def log_file(self) -> Path:
        """Return where Synapse writes its log."""
        return self._dir / "homeserver.log"

    @property
    def _dir(self) -> Path:
        if self.root is None:
            raise SynapseError("the server is not started")
        return self.root

    def start(self) -> None:
        """Generate a config, start Synapse and wait until the client API answers."""
        why = self.missing()
        if why:
            raise SynapseError(why)
        self.root = self._given_root or lease("synapse")
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            self.port = start_on_free_port(self._serve, SynapseExited)
        except BaseException:
            self.stop()
            raise

    def _serve(self, port: int) -> None:
        self.port = port
        self._configure()
        self._launch()

    def _configure(self) -> None:
        config_path = self._dir / "homeserver.yaml"
        if not config_path.exists():
            self._synapse(
                "--server-name", SERVER_NAME, "--config-path", str(config_path),
                "--generate-config", "--report-stats=no", "--data-directory", str(self._dir),
            )  # fmt: skip
        config = yaml.safe_load(config_path.read_text())
        config["listeners"] = [
            {
                "port": self.port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ]
        config.update(_RATE_LIMITS)
        config.update(self.limits)
        config.update(
            {
                "trusted_key_servers": [],
                "suppress_key_server_warning": True,
                "enable_registration": False,
                "report_stats": False,
                "federation_domain_whitelist": [],
                "presence": {"enabled": False},
                "url_preview_enabled": False,
                # Throwaway accounts: cheap password hashing makes registration and login fast.
                "bcrypt_rounds": 4,
            }
        )
        config.update(self.settings)
        self._secret = str(config["registration_shared_secret"])
        config_path.write_text(yaml.safe_dump(config, sort_keys=False))

    def _synapse(self, *args: str) -> None:
        done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-m", "synapse.app.homeserver", *args],
            check=False,
            capture_output=True,
            text=True,
            cwd=self._dir,
        )
        if done.returncode != 0:
            raise SynapseError(f"synapse {args[-1]} failed: {done.stderr or done.stdout}")

    def _launch(self) -> None:
        out = (self._dir / "stdout.log").open("ab")
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "synapse.app.homeserver",
                "--config-path",
                str(self._dir / "homeserver.yaml"),
            ],
            cwd=self._dir,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Ctrl-C reaches Vigie alone, which stops syncing first and then stops Synapse.
            start_new_session=True,
        )
        out.close()
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise SynapseExited(f"synapse exited at start:\n{self._tail()}")
            with contextlib.suppress(OSError, SynapseError):
                self.request("GET", "/_matrix/client/versions")
                return
            time.sleep(0.1)
        raise SynapseError(f"synapse did not answer within {_START_TIMEOUT:.0f}s:\n{self._tail()}")

    def _tail(self) -> str:
        parts = []
        for name in ("stdout.log", "homeserver.log"):
            path = self._dir / name
            if path.exists():
                parts.append(path.read_text(errors="replace")[-3000:])
        return "\n".join(parts)

    def pause(self) -> None:
        """Stop the Synapse process but keep its files and port, to `resume` it later."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
            self._process = None

    def resume(self) -> None:
        """Start Synapse again after `pause`, on the same port with the same data."""
        if self._process is not None:
            raise SynapseError("the server is still running")
        self._launch()

    def stop(self) -> None:
        """Stop Synapse and remove its files, unless they live in a root it was given."""
        self.pause()
        if self.root is not None and self._given_root is None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> LocalSynapse:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        timeout: float = 10.0,
    ) -> dict[str, Any]:
        """Call the server's HTTP API and return the JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)  # noqa: S310 - loopback http
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                return dict(json.loads(answer.read() or b"{}"))
        except urllib.error.HTTPError as err:
            detail = err.read().decode(errors="replace")
            raise SynapseError(f"{method} {path}: {err.code} {detail}") from err

    def register(
        self, localpart: str, password: str | None = None, *, admin: bool = False
    ) -> Account:
        """Register an account through the shared-secret admin API."""
        password = password or f"{localpart}-pass"
        nonce = self.request("GET", "/_synapse/admin/v1/register")["nonce"]
        body = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "mac": registration_mac(self._secret, nonce, localpart, password, admin=admin),
        }
        answer = self.request("POST", "/_synapse/admin/v1/register", body)
        return Account(answer["user_id"], password, answer["access_token"], admin)


def registration_mac(secret: str, nonce: str, user: str, password: str, *, admin: bool) -> str:
    """Return the HMAC-SHA1 the shared-secret registration API expects."""
    fields = (nonce, user, password, "admin" if admin else "notadmin")
    return hmac.new(secret.encode(), "\x00".join(fields).encode(), hashlib.sha1).hexdigest()
