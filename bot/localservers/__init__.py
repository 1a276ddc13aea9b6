"""Throwaway servers on loopback (PostgreSQL, redis-server) for tests, benches and the demo."""
