"""Vietnamese language functions."""
