"""The district's signing keys and standards packages at the hub:

xclib-hub keys-new --out DIR           district key pair (passphrase: XCLIB_KEY_PASSPHRASE)
xclib-hub keys-list
xclib-hub standards-validate FILE      schema check + diff against the latest
xclib-hub standards-sign FILE --key PEM --out SIGNED
xclib-hub standards-publish SIGNED     verify, then distribute via the feed
"""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from pydantic import ValidationError

from ...errors import DeskError
from ...standards.diff import diff
from ...standards.schema import StandardsPackage
from ...standards.signing import load_private_key, new_keypair, parse_signed, sign
from .. import standards as hub_standards
from ..errors import HubError
from .common import Verbs, emit, hub


def _passphrase(confirm: bool = False) -> bytes:
    """From XCLIB_KEY_PASSPHRASE (automation) or asked on the terminal."""
    env = os.environ.get("XCLIB_KEY_PASSPHRASE")
    if env is not None:
        return env.encode()
    first = getpass.getpass("district key passphrase: ")
    if confirm and getpass.getpass("again: ") != first:
        raise HubError(400, "bad_input", "passphrases differ")
    return first.encode()


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise HubError(400, "bad_input", str(e)) from None


def _load_package(path: str) -> StandardsPackage:
    try:
        return StandardsPackage.model_validate_json(_read(path))
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise HubError(422, "standards_invalid", f"{where}: {err['msg']}") from None


def cmd_keys_new(args: argparse.Namespace) -> int:
    """A new district key pair: private key (encrypted) to a file, public key trusted here."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        pem, public = new_keypair(_passphrase(confirm=True))
    except DeskError as e:
        raise HubError(400, e.code, e.message("en")) from None
    private_file = out / f"district-{public.key_id}.key.pem"
    fd = os.open(private_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public_file = out / f"district-{public.key_id}.pub.json"
    public_file.write_text(public.model_dump_json(), encoding="utf-8")
    with hub(args).write() as s:
        hub_standards.add_district_key(s, public)
    data = {"key_id": public.key_id, "private": str(private_file), "public": str(public_file)}
    return emit(
        args,
        data,
        f"key {public.key_id}: private {private_file} (keep offline), "
        f"public {public_file} (trusted by this hub, given to desks at enrolment)",
    )


def cmd_keys_list(args: argparse.Namespace) -> int:
    with hub(args).read() as s:
        keys = [k.model_dump() for k in hub_standards.district_keys(s)]
    return emit(args, {"keys": keys}, "\n".join(k["key_id"] for k in keys) or "(none)")


def cmd_standards_validate(args: argparse.Namespace) -> int:
    package = _load_package(args.file)
    with hub(args).read() as s:
        lines = diff(hub_standards.latest_package(s), package.model_dump(mode="json"))
    return emit(
        args,
        {"version": package.version, "diff": lines},
        f"valid: version {package.version}\n" + "\n".join(lines),
    )


def cmd_standards_sign(args: argparse.Namespace) -> int:
    package = _load_package(args.file)
    try:
        key = load_private_key(_read(args.key), _passphrase())
    except DeskError as e:
        raise HubError(400, e.code, e.message("en")) from None
    signed = sign(package, key)
    Path(args.out).write_text(signed.model_dump_json(indent=2), encoding="utf-8")
    return emit(
        args,
        {"version": package.version, "key_id": signed.key_id, "out": args.out},
        f"signed version {package.version} with {signed.key_id} -> {args.out}",
    )


def cmd_standards_publish(args: argparse.Namespace) -> int:
    try:
        signed = parse_signed(_read(args.file))
    except DeskError as e:
        raise HubError(422, e.code, e.message("en")) from None
    with hub(args).write() as s:
        package = hub_standards.publish(s, signed)
        gone = hub_standards.superseded(s)
    text = f"published version {package.version}, effective {package.effective_from}"
    if gone:  # a higher version takes effect first: these never will (standards.timeline)
        text += f"\nwarning: never in force, these versions: {gone}; publish again if wanted"
    return emit(
        args,
        {"version": package.version, "effective_from": package.effective_from, "superseded": gone},
        text,
    )


def register(verbs: Verbs) -> None:
    p = verbs.add("keys-new", cmd_keys_new, "make a district signing key pair")
    p.add_argument("--out", required=True, help="folder for the key files")
    verbs.add("keys-list", cmd_keys_list, "district keys this hub trusts")
    p = verbs.add("standards-validate", cmd_standards_validate, "check a package, diff vs latest")
    p.add_argument("file")
    p = verbs.add("standards-sign", cmd_standards_sign, "sign a package with the district key")
    p.add_argument("file")
    p.add_argument("--key", required=True, help="private key PEM (passphrase-protected)")
    p.add_argument("--out", required=True)
    p = verbs.add(
        "standards-publish", cmd_standards_publish, "publish a signed package to all points"
    )
    p.add_argument("file")
