"""Keys and roles, the audit chain; later review, consent, risk and retention."""
