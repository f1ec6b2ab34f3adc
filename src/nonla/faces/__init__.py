"""Face galleries, as one calls them from Python: enrol consenting subjects, search 1:N, erase a subject.

>>> import nonla.faces
>>> sorted(name for name in nonla.faces.__all__)
['delete_subject', 'enroll', 'galleries', 'search', 'subject_faces']
"""

from __future__ import annotations

from typing import Any

__all__ = ["enroll", "search", "delete_subject", "galleries", "subject_faces"]


def enroll(gallery: str, subject_id: str, purpose: str, **options: Any) -> dict[str, Any]:
    """Enrol one face (``data=`` base64 photo, or ``embedding=``) under the subject's valid consent for ``purpose``."""
    from nonla.faces.gallery import enroll as _enroll

    return _enroll(gallery, subject_id, purpose, **options)


def search(gallery: str, **options: Any) -> dict[str, Any]:
    """The nearest enrolled subjects to a photo (``data=``) or an ``embedding=``; ``top_k=5``."""
    from nonla.faces.gallery import search as _search

    return _search(gallery, **options)


def delete_subject(subject_id: str, **options: Any) -> dict[str, Any]:
    """Erase every face of a subject (``gallery=`` limits it to one gallery)."""
    from nonla.faces.gallery import delete_subject as _delete

    return _delete(subject_id, **options)


def galleries(tenant: str = "default") -> list[dict[str, Any]]:
    from nonla.faces.gallery import galleries as _galleries

    return _galleries(tenant)


def subject_faces(subject_id: str, tenant: str = "default") -> list[dict[str, Any]]:
    from nonla.faces.gallery import subject_faces as _faces

    return _faces(subject_id, tenant)
