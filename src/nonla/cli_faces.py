"""`nonla faces ...` and `nonla consent ...`: face galleries and the consents they rest on.

Heavy modules are imported inside the commands so `nonla --help` stays fast.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import typer

from nonla.cli_errors import tenant_id

faces_app = typer.Typer(help="Face galleries: enrol consenting people, search 1:N, erase a person.",
                        no_args_is_help=True)  # fmt: skip
consent_app = typer.Typer(help="Consent to process biometric data: record, list, withdraw.", no_args_is_help=True)

TENANT = typer.Option("default", "--tenant", help="The agency whose galleries and consents these are.",
                      callback=tenant_id)


def _print_json(body: Any) -> None:
    from rich.console import Console

    Console(soft_wrap=True).print_json(json.dumps(body, ensure_ascii=False))


def _photo(path: Path) -> str:
    from nonla.core.errors import InvalidInput

    if not path.is_file():
        raise InvalidInput(f"There is no file at '{path}'.", hint="Give the path of a PNG or JPEG photo.")
    return base64.b64encode(path.read_bytes()).decode("ascii")


@consent_app.command("grant")
def grant(
    subject_id: str = typer.Argument(..., help="The person, e.g. a staff or ID number."),
    purpose: str = typer.Option(..., "--purpose", help="What the faces are for, e.g. access-control."),
    granted_by: str = typer.Option(..., "--granted-by", help="Who agreed: the person or a guardian."),
    legal_basis: str = typer.Option(
        "consent", "--legal-basis", help="consent, contract, legal_obligation, vital_interests or public_task."
    ),  # fmt: skip
    expires_at: str | None = typer.Option(None, "--expires", help="Until when, e.g. 2027-12-31."),
    tenant: str = TENANT,
) -> None:
    """Record a person's consent for a purpose."""
    from nonla.governance.consent import grant as record
    from nonla.local import local_actor

    _print_json(record(subject_id, purpose, granted_by, legal_basis, tenant=tenant, expires_at=expires_at,
                       actor=local_actor()))  # fmt: skip


@consent_app.command("list")
def list_consents(
    subject_id: str | None = typer.Option(None, "--subject", help="Only this person's consents."),
    active: bool = typer.Option(False, "--active", help="Only consents in force now."),
    tenant: str = TENANT,
) -> None:
    """List consents, newest first."""
    from nonla.governance.consent import consents

    _print_json(consents(tenant, subject_id, active_only=active))


@consent_app.command("revoke")
def revoke(consent_id: int = typer.Argument(...), tenant: str = TENANT) -> None:
    """Withdraw a consent; the faces enrolled under it are erased, with the enrolment photos kept for review."""
    from nonla.governance.consent import revoke as withdraw
    from nonla.local import local_actor

    _print_json(withdraw(consent_id, tenant=tenant, actor=local_actor()))


@faces_app.command("enroll")
def enroll(
    gallery: str = typer.Argument(..., help="The gallery, e.g. staff."),
    subject_id: str = typer.Argument(..., help="The person (who must have consented to the purpose)."),
    photos: list[Path] = typer.Argument(..., help="One or more photos of that one person (PNG or JPEG)."),
    purpose: str = typer.Option(..., "--purpose", help="The purpose the person consented to."),
    tenant: str = TENANT,
) -> None:
    """Enrol a consenting person's photos into a gallery (a progress bar for several)."""
    from rich.progress import track

    import nonla.faces
    from nonla.local import local_actor

    actor, done = local_actor(), []
    for path in track(photos, description=f"{gallery} ← {subject_id}", disable=len(photos) < 3):
        done.append(nonla.faces.enroll(gallery, subject_id, purpose, data=_photo(path), tenant=tenant, actor=actor))
    _print_json(done)


@faces_app.command("search")
def search(
    gallery: str = typer.Argument(...),
    photo: Path = typer.Argument(..., help="A photo of one person."),
    top_k: int = typer.Option(5, "--top", help="How many people to list."),
    tenant: str = TENANT,
) -> None:
    """Who in the gallery looks most like the person in the photo."""
    import nonla.faces
    from nonla.local import local_actor

    _print_json(nonla.faces.search(gallery, data=_photo(photo), top_k=top_k, tenant=tenant, actor=local_actor()))


@faces_app.command("delete")
def delete(
    subject_id: str = typer.Argument(..., help="The person whose faces to erase."),
    gallery: str | None = typer.Option(None, "--gallery", help="Only from this gallery."),
    tenant: str = TENANT,
) -> None:
    """Erase every enrolled face of a person."""
    import nonla.faces
    from nonla.local import local_actor

    _print_json(nonla.faces.delete_subject(subject_id, gallery=gallery, tenant=tenant, actor=local_actor()))


@faces_app.command("galleries")
def galleries(tenant: str = TENANT) -> None:
    """The galleries with how many faces and people each holds."""
    import nonla.faces

    _print_json(nonla.faces.galleries(tenant))
