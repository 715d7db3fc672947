"""Ed25519 signatures over the RFC 8785 canonical JSON of a standards package.

The district signs; every point verifies against the keys it trusts (given at enrolment). The
signature covers the canonical encoding, so re-formatting the JSON in transit changes nothing,
while changing any value breaks it. Key rotation: a package signed by a trusted key may list
``trusted_keys``, which replace the point's trusted set once that package is installed.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any, Literal

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import DeskError, Text
from .schema import StandardsPackage, TrustedKey


class SignedPackage(BaseModel):
    """What the hub distributes and a desk installs."""

    model_config = ConfigDict(extra="forbid")
    format: Literal["xclib-standards/1"] = "xclib-standards/1"
    package: dict[str, Any]
    key_id: str
    signature: str  # base64 of the 64-byte Ed25519 signature


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def public_key_of(private: Ed25519PrivateKey) -> TrustedKey:
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return TrustedKey(key_id=key_id_of(raw), public_key=_b64(raw))


def new_keypair(passphrase: bytes) -> tuple[bytes, TrustedKey]:
    """A district key pair: the private key as passphrase-encrypted PKCS#8 PEM."""
    if len(passphrase) < 8:
        detail = Text("口令至少 8 位", "the passphrase needs at least 8 characters")
        raise DeskError("bad_input", detail=detail)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    return pem, public_key_of(private)


def load_private_key(pem: bytes, passphrase: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase)
    except (ValueError, TypeError):
        raise DeskError("standards_key_locked") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise DeskError("standards_key_locked")
    return key


def canonical(package: StandardsPackage | dict[str, Any]) -> bytes:
    data = package.model_dump(mode="json") if isinstance(package, StandardsPackage) else package
    return rfc8785.dumps(data)


def sign(package: StandardsPackage, private: Ed25519PrivateKey) -> SignedPackage:
    data = package.model_dump(mode="json")
    return SignedPackage(
        package=data,
        key_id=public_key_of(private).key_id,
        signature=_b64(private.sign(rfc8785.dumps(data))),
    )


def parse_signed(raw: str | bytes) -> SignedPackage:
    try:
        return SignedPackage.model_validate_json(raw)
    except ValidationError as e:
        raise DeskError("standards_invalid", detail=_first_error(e)) from None


def verify(signed: SignedPackage, trusted: list[TrustedKey]) -> StandardsPackage:
    """Check the signature against a trusted key, then the schema. Raises, never half-accepts."""
    key = next((k for k in trusted if k.key_id == signed.key_id), None)
    if key is None:
        raise DeskError("standards_unknown_key", key_id=signed.key_id[:32])
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key.public_key))
        public.verify(base64.b64decode(signed.signature, validate=True), canonical(signed.package))
    except (InvalidSignature, ValueError):
        raise DeskError("standards_bad_signature") from None
    try:
        return StandardsPackage.model_validate(signed.package)
    except ValidationError as e:
        raise DeskError("standards_invalid", detail=_first_error(e)) from None


def _first_error(e: ValidationError) -> str:
    err = e.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    return f"{where}: {err.get('msg', '')}"[:200]
