"""REST surface (FastAPI). Routes for functions are generated from the catalogue."""
