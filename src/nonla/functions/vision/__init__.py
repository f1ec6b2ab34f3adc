"""Vision functions: OCR of scans and photos, identity cards, faces and traffic scenes."""
