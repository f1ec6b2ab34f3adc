"""Privacy functions: finding and redacting personal data."""
