"""Train the model once per set of examples, and keep it in a cache folder between runs."""

from __future__ import annotations

import hashlib
import logging
import pickle
import tempfile
from dataclasses import astuple
from pathlib import Path

import joblib
import sklearn

from bot.text import normalize
from plugins.learned.examples import digest, read_all
from plugins.learned.model import Settings, TextModel

# What unpickling a damaged or foreign file raises: it is then trained again.
_UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)

#: Bumped when the model's code changes what a cached file means.
FORMAT = 1


def cache_key(folder: Path, settings: Settings) -> str:
    """Return what a cached model depends on: examples, settings, code and library versions."""
    parts = (digest(folder), repr(astuple(settings)), str(FORMAT), sklearn.__version__)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def train(folder: Path, settings: Settings) -> TextModel:
    """Learn from every corpus under `folder`, on the text as the lexicons see it."""
    examples = read_all(folder)
    texts = [normalize(example.text).text for example in examples]
    return TextModel.fit(texts, [example.labels for example in examples], settings)


def load_or_train(
    folder: Path, settings: Settings, cache: Path | None, logger: logging.Logger
) -> TextModel:
    """Return the cached model for these examples, training and caching it when missing."""
    if cache is None:
        return train(folder, settings)
    path = cache / f"learned-{cache_key(folder, settings)}.joblib"
    if path.is_file():
        try:
            model = joblib.load(path)
        except _UNREADABLE as exc:
            logger.warning("cached model %s unreadable (%s): training again", path, exc)
        else:
            if isinstance(model, TextModel):
                return model
            logger.warning("cached model %s holds something else: training again", path)
    logger.info("training the learned signal on %s", folder)
    model = train(folder, settings)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        # Written aside then renamed: a process reading the cache never sees half a file.
        with tempfile.NamedTemporaryFile(dir=cache, suffix=".part", delete=False) as handle:
            joblib.dump(model, handle)
        Path(handle.name).replace(path)
    except OSError as exc:
        logger.warning("cannot cache the learned model in %s: %s", cache, exc)
    return model
