"""See what a running Vigie does: Prometheus metrics and structured logs."""
