"""Compare the matcher's cost at 100 to 50,000 terms with a single Python `re` alternation.

Run: .venv/bin/python -m bench.lexicon_scaling [--sizes 100,1000,10000,50000] [--rounds 7]
Both sides search the same normalized messages for the same whole-word terms, in one run;
the `re` side is the approach of a word-list filter built on one big alternation. Each row
gives both costs per message and `re_over_matcher`, how many times slower the alternation
is; the last line gives each size's matcher cost over the smallest size's. Times are the
best of --rounds passes, so other jobs on the machine disturb them less.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import time

from bench import host
from bench.throughput import texts
from bot.matching import Matcher, Term
from bot.text import normalize


def lexicon(size: int, rng: random.Random) -> list[str]:
    """Make `size` distinct pseudo-words (5-10 letters), a few real words among them."""
    words = {"cocaine", "beuh", "snap", "connard", "arnaque"}
    while len(words) < size:
        words.add("".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 10))))
    return sorted(words)[:size]


def best(run: object, rounds: int) -> float:
    """Return the best wall time of `rounds` calls of `run`."""
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    """Measure and print one JSON line per lexicon size, then the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,50000")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(3)
    views = [normalize(text) for text in texts()]
    plain = [view.text for view in views]
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        terms = lexicon(size, rng)
        matcher = Matcher(Term(pattern=t, key=t) for t in terms)
        alternation = re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\b", re.I)
        ours = best(lambda m=matcher: [m.find(v) for v in views], args.rounds)
        theirs = best(lambda a=alternation: [a.findall(t) for t in plain], args.rounds)
        row = {
            "terms": size,
            "matcher_us_per_msg": round(ours / len(views) * 1e6, 2),
            "re_us_per_msg": round(theirs / len(views) * 1e6, 2),
            "re_over_matcher": round(theirs / ours, 1),
        }
        rows.append(row)
        print(json.dumps(row))
    base = rows[0]["matcher_us_per_msg"]
    print(
        json.dumps(
            {
                f"matcher_{r['terms']}_over_{rows[0]['terms']}": round(
                    r["matcher_us_per_msg"] / base, 2
                )
                for r in rows[1:]
            }
            | host.describe()
        )
    )


if __name__ == "__main__":
    main()
