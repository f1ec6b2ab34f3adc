"""An exact 1:N search over one gallery's descriptors, held in memory and reloaded when the gallery changes.

Brute force in numpy: 100,000 faces x 128 floats is 51 MB and one matrix-vector product (see
bench/faces_gallery.py); exact search means a face in the gallery is never missed by an approximate index.

>>> import numpy as np
>>> index = GalleryIndex(np.eye(3, dtype=np.float32), ["a", "b", "c"], [1, 2, 3])
>>> [(m.subject_id, m.distance) for m in index.search(np.array([0.9, 0.1, 0], dtype=np.float32), 2)]
[('a', 0.141421), ('b', 1.272792)]
>>> many = GalleryIndex(np.vstack([np.zeros((9, 3)), np.ones((1, 3))]), ["a"] * 9 + ["b"], list(range(10)))
>>> [m.subject_id for m in many.search(np.zeros(3, dtype=np.float32), 2)]  # b is 2nd though 9 faces of a are nearer
['a', 'b']
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from nonla.core.events import utc_now
from nonla.store.db import session
from nonla.store.schema_faces import ConsentRecord, FaceEmbedding


@dataclass(frozen=True)
class Match:
    subject_id: str
    distance: float
    face_id: int


class GalleryIndex:
    def __init__(self, vectors: Any, subjects: list[str], ids: list[int], expires: list[str | None] | None = None) -> None:
        import numpy as np

        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.norms = np.einsum("ij,ij->i", self.vectors, self.vectors)
        self.subjects = subjects
        self.ids = ids
        self.expires = expires or [None] * len(ids)  # when each face's consent ends (None: until withdrawn)
        self.next_expiry = min((e for e in self.expires if e is not None), default=None)

    def live(self, now: str) -> GalleryIndex:
        """The faces whose consent still holds at ``now`` (UTC text): a consent that ran out ends the face's use
        without any event, so it is left out here, at the first search after it ended."""
        import numpy as np

        if self.next_expiry is None or now < self.next_expiry:
            return self
        keep = [i for i, e in enumerate(self.expires) if e is None or e > now]
        return GalleryIndex(self.vectors[np.asarray(keep, dtype=np.int64)] if keep else np.zeros((0, self.vectors.shape[1]),
                            dtype=np.float32), [self.subjects[i] for i in keep], [self.ids[i] for i in keep],
                            [self.expires[i] for i in keep])  # fmt: skip

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: Any, k: int) -> list[Match]:
        """The k nearest faces (euclidean), one per subject at its closest face, nearest first."""
        import numpy as np

        if not self.ids:
            return []
        q = np.asarray(query, dtype=np.float32)
        squared = np.maximum(self.norms - 2.0 * (self.vectors @ q) + float(q @ q), 0.0)
        seen: dict[str, Match] = {}
        take = min(len(squared), k * 4)  # a subject may hold several faces: look further until k subjects are found
        while True:
            nearest = np.argpartition(squared, take - 1)[:take] if take < len(squared) else np.arange(len(squared))
            seen.clear()
            for i in nearest[np.lexsort((nearest, squared[nearest]))]:
                subject = self.subjects[i]
                if subject not in seen:
                    seen[subject] = Match(subject, round(float(np.sqrt(squared[i])), 6), self.ids[i])
                if len(seen) == k:
                    break
            if len(seen) == k or take == len(squared):
                break
            take = min(len(squared), take * 4)
        return list(seen.values())


_cache: dict[tuple[str, str, str, str], tuple[tuple[int, int, str], GalleryIndex]] = {}
_lock = threading.Lock()


def gallery_stamp(s: Any, tenant: str, gallery: str) -> tuple[int, int, str]:
    """(faces, highest id, when that face was enrolled) of a gallery: changes with every enrolment and erasure.

    The count and the highest id come from the (tenant, gallery) index alone, without reading a row (the model is
    not in that index: counting by model read every row, vector included), and one primary-key lookup adds the
    last face's time: SQLite may give a deleted highest id to the next face, and a
    new face at the same id has a later time, so an erasure followed by an enrolment is still seen.
    """
    where = (FaceEmbedding.tenant == tenant, FaceEmbedding.gallery == gallery)
    # Two queries, not one: alone, max(id) is a single seek to the end of the index; asked with count() it is
    # folded into the count's scan of every entry.
    last = s.scalar(select(func.max(FaceEmbedding.id)).where(*where))
    if last is None:
        return 0, 0, ""
    count = s.scalar(select(func.count()).select_from(FaceEmbedding).where(*where))
    enrolled = s.scalar(select(FaceEmbedding.created_at).where(FaceEmbedding.id == last))
    return int(count or 0), int(last), enrolled or ""


def gallery_index(tenant: str, gallery: str, model: str) -> GalleryIndex:
    """The gallery's index, reloaded only when its stamp shows another enrolment or erasure (in any process)."""
    import numpy as np

    from nonla.core.config import settings

    key = (settings().database_url, tenant, gallery, model)
    where = (FaceEmbedding.tenant == tenant, FaceEmbedding.gallery == gallery, FaceEmbedding.model == model)
    now = utc_now()
    with session() as s:
        stamp = gallery_stamp(s, tenant, gallery)
        cached = _cache.get(key)
        if cached and cached[0] == stamp:
            index = cached[1].live(now)
        else:
            rows = s.execute(select(FaceEmbedding.id, FaceEmbedding.subject_id, FaceEmbedding.embedding,
                                    ConsentRecord.expires_at)
                             .outerjoin(ConsentRecord, ConsentRecord.id == FaceEmbedding.consent_id)
                             .where(*where).order_by(FaceEmbedding.id)).all()  # fmt: skip
            vectors = np.frombuffer(b"".join(r.embedding for r in rows), dtype="<f4").reshape(len(rows), -1) \
                if rows else np.zeros((0, 128), dtype=np.float32)  # fmt: skip
            index = GalleryIndex(vectors, [r.subject_id for r in rows], [r.id for r in rows],
                                 [r.expires_at for r in rows]).live(now)  # fmt: skip
    with _lock:
        _cache[key] = (stamp, index)
    return index
