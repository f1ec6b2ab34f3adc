"""Built-in functions, one file each (Input, Output, CARD, run), grouped by domain. Listed in core/catalog.py."""
