"""Batch work: executors that run a function over many items (local process pool today)."""
