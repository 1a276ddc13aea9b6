"""Train the model once per set of examples, in a child process, and cache it between runs."""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import asdict, astuple
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from plugins.learned.examples import digest
from plugins.learned.model import LearnError, Settings, TextModel

_ROOT = Path(__file__).resolve().parents[2]
_HERE = _ROOT / "plugins" / "learned"
#: The code that turns example corpora into a model: the normalizer, the stream reader and
#: the fit. A change to any of it (a new lookalike, another n-gram cut) makes a cached model
#: stale; the scoring code (trigger, judging) does not.
MODEL_CODE: tuple[Path, ...] = (
    _ROOT / "bot" / "text",
    _ROOT / "bot" / "replay.py",
    *(_HERE / f"{name}.py" for name in ("examples", "fitting", "model", "ngrams", "thread")),
)
#: Longest a fit may take; the bundled corpora take seconds.
FIT_TIMEOUT = 600


def _versions() -> str:
    # The fit's libraries; the lookalike data and Unicode's tables decide the normalized text.
    found = [f"unicode {unicodedata.unidata_version}"]
    for name in ("scikit-learn", "scipy", "numpy", "confusable-homoglyphs"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} absent")
    return " ".join(found)


def code_digest(paths: tuple[Path, ...]) -> str:
    """Return a hash of the Python sources at `paths`: files, or every one under a folder."""
    sha = hashlib.sha256()
    for path in paths:
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            sha.update(file.relative_to(path.parent).as_posix().encode())
            sha.update(file.read_bytes())
    return sha.hexdigest()


def cache_key(folder: Path, settings: Settings, code: tuple[Path, ...] = MODEL_CODE) -> str:
    """Return what a cached model depends on: examples, settings, code and library versions."""
    parts = (digest(folder), repr(astuple(settings)), code_digest(code), _versions())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def fit_to(folder: Path, settings: Settings, out: Path) -> None:
    """Fit on `folder` in a child process that writes the model's arrays to `out`."""
    command = [sys.executable, "-m", "plugins.learned.fitting", str(folder), str(out)]
    command.append(json.dumps(asdict(settings)))
    try:
        done = subprocess.run(  # noqa: S603 - our own module, our interpreter, no shell
            command, cwd=_ROOT, capture_output=True, text=True, timeout=FIT_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise LearnError(f"fitting on {folder} took more than {FIT_TIMEOUT} s") from exc
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise LearnError(f"cannot learn from {folder}: {last}")


def load_or_train(
    folder: Path, settings: Settings, cache: Path | None, logger: logging.Logger
) -> TextModel:
    """Return the cached model for these examples, training and caching it when missing."""
    if cache is None:
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "model.npz"
            fit_to(folder, settings, out)
            return TextModel.load(out)
    path = cache / f"learned-{cache_key(folder, settings)}.npz"
    if path.is_file():
        try:
            return TextModel.load(path)
        except LearnError as exc:
            logger.warning("cached model unreadable, training again: %s", exc)
    logger.info("training the learned signal on %s", folder)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        # Written aside then renamed: a process reading the cache never sees half a file.
        with tempfile.NamedTemporaryFile(dir=cache, suffix=".part", delete=False) as handle:
            part = Path(handle.name)
    except OSError as exc:
        logger.warning("cannot cache the learned model in %s: %s", cache, exc)
        return load_or_train(folder, settings, None, logger)
    try:
        fit_to(folder, settings, part)
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)
    return TextModel.load(path)
