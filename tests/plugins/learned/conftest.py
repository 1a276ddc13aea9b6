"""A small labelled corpus written on the fly, in the format of config/examples/."""

import json
from pathlib import Path

import pytest

SCAMS = [
    "double ton bitcoin en 24h envoie 100 euros et recois 200",
    "send 0.1 btc to this wallet and get 0.2 back, guaranteed profit",
    "investis 50 euros aujourd'hui, tu gagnes 500 demain, profit garanti",
    "crypto giveaway: send eth to the wallet below, we send double back",
    "profit garanti sur le trading bitcoin, envoie moi ton depot",
    "guaranteed profit, send your deposit in btc today and double it",
    "recois le double de ton depot en crypto, garanti sans risque",
]
DRUGS = [
    "beuh dispo 10 le gramme livraison ce soir",
    "weed and coke available, delivery tonight, dm for the menu",
    "shit de qualite 5g pour 40, je livre sur paris",
    "got pills and weed, fast delivery, dm me",
    "plaquette de shit dispo, livraison rapide, prix en mp",
    "coke and weed on deck, tap in for delivery",
]
BENIGN = [
    "salut tout le monde, ca va ?",
    "quelqu'un a vu le match hier soir",
    "je cherche une bonne recette de gateau au chocolat",
    "the train was late again this morning",
    "anyone up for a game tonight?",
    "merci pour ton aide, c'etait super",
    "my cat knocked the plant over again",
    "on se retrouve au cinema samedi ?",
    "bitcoin price went down today, interesting times",
    "le medecin m'a donne des cachets pour la migraine",
    "good morning everyone, have a nice day",
    "je livre mes devoirs demain matin",
]


def _write(folder: Path, rows: list[tuple[str, list[str]]]) -> None:
    folder.mkdir(parents=True)
    events, labels = [], []
    for n, (text, cats) in enumerate(rows):
        ts = f"2026-03-01T10:{n // 60:02d}:{n % 60:02d}Z"
        events.append(
            {
                "type": "message",
                "id": f"x-{n}",
                "ts": ts,
                "room": "r",
                "user": f"u{n}",
                "text": text,
            }
        )
        labels.append({"id": f"x-{n}", "labels": cats})
    (folder / "events.jsonl").write_text("\n".join(json.dumps(e) for e in events) + "\n")
    (folder / "labels.jsonl").write_text("\n".join(json.dumps(e) for e in labels) + "\n")


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """Return a folder of two corpora: scams and benign chat, drug ads and benign chat."""
    root = tmp_path / "examples"
    _write(root / "one", [(t, ["scam"]) for t in SCAMS] + [(t, []) for t in BENIGN[:6]])
    _write(root / "two", [(t, ["drugs"]) for t in DRUGS] + [(t, []) for t in BENIGN[6:]])
    return root
