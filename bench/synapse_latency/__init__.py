"""Measure latency to action on a real local Synapse: origin timestamp to redaction, as seen.

Run: .venv/bin/python -m bench.synapse_latency [--rates 50,200,500] [--seconds 20] [--postgres]

Starts a throwaway Synapse on 127.0.0.1 (bot/adapters/matrix/localsynapse.py), on SQLite or,
with --postgres, on a throwaway PostgreSQL cluster (bot/localservers/postgres.py) with
larger caches; builds rooms the way the demo does (bot/adapters/matrix/demo.py), runs
`vigie run` in its own process with the example config (the demo's rewrite of it for the local
server), and has member accounts post at
a steady total rate, paced by an async scheduler, with 5% violating messages. An observer
client (matrix-nio) syncs and notes when it sees each redaction. Prints one JSON object per
rate: p50/p99 from the violating message's origin_server_ts to the redaction seen by the
observer, violations sent, redacted, missed and duplicated actions (cases per violating message
id above one), and where the time goes: Synapse's delivery of the message (to the observer, a
stand-in for Vigie's own sync), Vigie's own time read from its log (`vigie_executor`: from the
plan to Synapse's answer to the redaction, split into `vigie_journal` and `vigie_deletion`;
`vigie_origin`: from the message's origin timestamp to that answer), and the redaction's
delivery to the observer. It also prints the CPU each process spent per message and the cores
it kept busy (Synapse, PostgreSQL with --postgres, Vigie, and this process's own clients), read
from /proc: what the machine can offer the server decides the rate it accepts.

Compare before/after back to back on the same machine: run it once with PYTHONPATH pointing
at an export of the old tree (`git archive OLD | tar -x -C /tmp/old`) from a directory
outside the repository, then on the new tree from its root.

The bench reads the example config's burst rules (e.g. 6 messages by one member within 30 s)
and registers enough members for each to stay under them at the highest rate, and waits out
the longest burst window between rates; each member posts at most two insults
(hate-harassment escalates at 3). Everything is on loopback, bounded in time, and removed
at the end.
"""
