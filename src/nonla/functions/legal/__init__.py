"""Legal functions: citations, search and answers over collections of Vietnamese legal documents."""
