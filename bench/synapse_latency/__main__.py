"""Run the bench: `python -m bench.synapse_latency --help`."""

from bench.synapse_latency.main import main

main()
