"""Civic functions: public-service requests and the addresses in them."""
