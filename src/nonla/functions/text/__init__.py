"""Language-independent text functions."""
