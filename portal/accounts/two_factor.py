"""The second factor for staff: a code from an authenticator app (TOTP, RFC 6238), and
one-time recovery codes for when the app is lost.

The app's secret is made by `secrets`, shown once as a QR code, and stored only after the
person has typed a code from their app. The server has to compute codes from it, so it cannot
be hashed: it is encrypted (Fernet) with a key derived from SECRET_KEY. Recovery codes are
kept as HMACs. Each TOTP code is accepted once: the last time step used is recorded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import delete, func, or_, select, update

from portal.accounts import audit, links
from portal.accounts.models import AuditAction, RecoveryCode, TwoFactor
from portal.auth.tokens import same
from portal.database import db, transaction, utcnow
from portal.forms import code_digits
from portal.staff.models import Staff

RECOVERY_CODES = 10
VALID_WINDOW = 1  # one 30-second step either side: phones' clocks drift


def required() -> bool:
    return bool(current_app.config["STAFF_TWO_FACTOR_REQUIRED"])


def is_set_up(staff: Staff) -> bool:
    return (db.session.scalar(select(func.count()).where(TwoFactor.staff_id == staff.id)) or 0) > 0


def _fernet() -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"portal staff two-factor"
    ).derive(current_app.config["SECRET_KEY"].encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str | None:
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None  # SECRET_KEY has changed: the person sets up their app again


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode()  # 160 bits, as RFC 4226 asks


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the secret as a QR code and as text to type."""

    secret: str
    uri: str

    @property
    def grouped(self) -> str:
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))

    def qr_svg(self, title: str) -> str:
        return links.qr_svg(self.uri, title)


def enrolment(staff: Staff, secret: str) -> Enrolment:
    uri = pyotp.TOTP(secret).provisioning_uri(
        name=staff.email, issuer_name=current_app.config["TOTP_ISSUER"]
    )
    return Enrolment(secret, uri)


def _matching_step(secret: str, entered: str) -> int | None:
    code = code_digits(entered)
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow())
    for step in range(now - VALID_WINDOW, now + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


@transaction
def confirm(staff: Staff, secret: str, entered: str, actor: Staff | None = None) -> list[str]:
    """Store the app's secret once a code from it is right; returns new recovery codes.
    Raises WrongCode otherwise. Replaces any app and codes set up before."""
    step = _matching_step(secret, entered)
    if step is None:
        raise WrongCode
    db.session.execute(delete(TwoFactor).where(TwoFactor.staff_id == staff.id))
    db.session.add(TwoFactor(staff_id=staff.id, secret_encrypted=seal(secret), last_step=step))
    audit.record(AuditAction.TWO_FACTOR_SET_UP, actor=actor or staff, subject=staff)
    return _replace_recovery_codes(staff)


class WrongCode(Exception):
    pass


@transaction
def verify(staff: Staff, entered: str) -> bool:
    """Whether `entered` is the app's current code, not used before."""
    found = db.session.scalar(select(TwoFactor).where(TwoFactor.staff_id == staff.id))
    secret = unseal(found.secret_encrypted) if found else None
    step = _matching_step(secret, entered) if secret else None
    if found is None or step is None:
        return False
    # Conditional, so that the same code sent twice at once is accepted once.
    taken = db.session.execute(
        update(TwoFactor)
        .where(
            TwoFactor.id == found.id,
            or_(TwoFactor.last_step.is_(None), TwoFactor.last_step < step),
        )
        .values(last_step=step)
    )
    return bool(taken.rowcount)  # type: ignore[attr-defined]


def _hash_recovery(staff_id: int, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"recovery:{staff_id}:{code}".encode(), hashlib.sha256).hexdigest()


def normalise_recovery(entered: str) -> str:
    return "".join(char for char in entered.lower() if char.isalnum())


def _new_recovery_code() -> str:
    return base64.b32encode(secrets.token_bytes(10)).decode().lower()[:12]  # 60 bits


def _replace_recovery_codes(staff: Staff) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == staff.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    db.session.add_all(
        RecoveryCode(staff_id=staff.id, code_hash=_hash_recovery(staff.id, code)) for code in codes
    )
    return [f"{code[:4]}-{code[4:8]}-{code[8:]}" for code in codes]


@transaction
def new_recovery_codes(staff: Staff) -> list[str]:
    """Ten new codes; the earlier ones stop working."""
    audit.record(AuditAction.RECOVERY_CODES_MADE, actor=staff, subject=staff)
    return _replace_recovery_codes(staff)


@transaction
def use_recovery_code(staff: Staff, entered: str) -> bool:
    wanted = _hash_recovery(staff.id, normalise_recovery(entered))
    unused = db.session.scalars(
        select(RecoveryCode).where(
            RecoveryCode.staff_id == staff.id, RecoveryCode.used_at.is_(None)
        )
    ).all()
    match = next((code for code in unused if same(code.code_hash, wanted)), None)
    if match is None:
        return False
    used = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.id == match.id, RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if not used.rowcount:  # type: ignore[attr-defined]
        return False
    audit.record(AuditAction.RECOVERY_CODE_USED, actor=staff, subject=staff)
    return True


def recovery_codes_left(staff: Staff) -> int:
    return (
        db.session.scalar(
            select(func.count()).where(
                RecoveryCode.staff_id == staff.id, RecoveryCode.used_at.is_(None)
            )
        )
        or 0
    )


def remove(staff: Staff) -> None:
    """In the caller's transaction (a reset): the app and every recovery code stop working."""
    db.session.execute(delete(TwoFactor).where(TwoFactor.staff_id == staff.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == staff.id))
