"""`xclib-hub`: serve the hub and administer it on the hub machine.

xclib-hub serve --db URL [--host H --port P --workers N --ssl-certfile F --ssl-keyfile F]
xclib-hub admin-token --db URL             print a new admin token for the HTTP admin API
xclib-hub point add --db URL --code C --name N --level L [--parent P]
xclib-hub enrol-code --db URL --point C [--hours H]
xclib-hub revoke --db URL --device ID
xclib-hub exceptions --db URL [--status open]
xclib-hub import-marc --db URL FILE --point CODE [--encoding E --holdings-field 905 --report F]
xclib-hub keys-new --db URL --out DIR      district key pair (passphrase: XCLIB_KEY_PASSPHRASE)
xclib-hub keys-list --db URL
xclib-hub standards-validate --db URL FILE          schema check + diff against the latest
xclib-hub standards-sign FILE --key PEM --out SIGNED
xclib-hub standards-publish --db URL SIGNED         verify, then distribute via the feed
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DeskError
from ..protocol.wire import PointIn
from ..standards.diff import diff
from ..standards.schema import StandardsPackage
from ..standards.signing import load_private_key, new_keypair, parse_signed, sign
from . import admin
from . import standards as hub_standards
from .app import Hub
from .db import make_engine, migrate
from .models import HubException

DEFAULT_DB = "sqlite:///xclib-hub.sqlite3"


def _hub(url: str) -> Hub:
    engine = make_engine(url)
    migrate(engine)
    hub = Hub(engine)
    with hub.write() as s:
        admin.seed(s)
    return hub


def _out(args: argparse.Namespace, data: Mapping[str, object], text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else text)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    _hub(args.db)  # migrate once, before the workers start
    os.environ["XCLIB_HUB_DB"] = args.db
    uvicorn.run(
        "xclib_desk.hub.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        proxy_headers=True,
        timeout_graceful_shutdown=10,
        log_level=args.log_level,
    )
    return 0


def cmd_admin_token(args: argparse.Namespace) -> int:
    with _hub(args.db).write() as s:
        token = admin.new_admin_token(s)
    _out(args, {"admin_token": token}, token)
    return 0


def cmd_point_add(args: argparse.Namespace) -> int:
    try:
        p = PointIn(
            code=args.code,
            name=args.name,
            level=args.level,
            parent_code=args.parent,
            population=args.population,
            hours=args.hours,
        )
    except ValidationError as e:
        print(f"error: bad_input: {e.errors()[0]['loc']}: {e.errors()[0]['msg']}", file=sys.stderr)
        return 2
    with _hub(args.db).write() as s:
        point = admin.add_point(s, p)
        data = {"code": point.code, "name": point.name, "level": point.level,
                "population": point.population, "hours": point.hours}  # fmt: skip
    _out(args, data, f"point {data['code']} added")
    return 0


def cmd_enrol_code(args: argparse.Namespace) -> int:
    with _hub(args.db).write() as s:
        out = admin.new_enrol_code(s, args.point, args.hours)
    _out(args, out.model_dump(mode="json"), out.code)
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    with _hub(args.db).write() as s:
        found = admin.revoke(s, args.device)
    if not found:
        print(f"error: unknown_device: {args.device}", file=sys.stderr)
        return 1
    _out(args, {"device_id": args.device, "status": "revoked"}, "revoked")
    return 0


def cmd_exceptions(args: argparse.Namespace) -> int:
    hub = _hub(args.db)
    with Session(hub.engine) as s:
        q = select(HubException).order_by(HubException.created_at)
        if args.status:
            q = q.where(HubException.status == args.status)
        rows = [
            {
                "uid": x.uid,
                "kind": x.kind,
                "points": x.points,
                "status": x.status,
                "context": x.context,
            }
            for x in s.scalars(q)
        ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, default=str))
    else:
        for r in rows:
            print(f"{r['uid']}  {r['kind']:<24} {','.join(r['points'])}  {r['status']}")
    return 0


def _passphrase(confirm: bool = False) -> bytes:
    """From XCLIB_KEY_PASSPHRASE (automation) or asked on the terminal."""
    env = os.environ.get("XCLIB_KEY_PASSPHRASE")
    if env is not None:
        return env.encode()
    import getpass

    first = getpass.getpass("district key passphrase: ")
    if confirm and getpass.getpass("again: ") != first:
        raise admin.HubError(400, "bad_input", "passphrases differ")
    return first.encode()


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise admin.HubError(400, "bad_input", str(e)) from None


def cmd_keys_new(args: argparse.Namespace) -> int:
    """A new district key pair: private key (encrypted) to a file, public key trusted here."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        pem, public = new_keypair(_passphrase(confirm=True))
    except DeskError as e:
        raise admin.HubError(400, e.code, e.message("en")) from None
    private_file = out / f"district-{public.key_id}.key.pem"
    fd = os.open(private_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public_file = out / f"district-{public.key_id}.pub.json"
    public_file.write_text(public.model_dump_json(), encoding="utf-8")
    with _hub(args.db).write() as s:
        hub_standards.add_district_key(s, public)
    data = {"key_id": public.key_id, "private": str(private_file), "public": str(public_file)}
    _out(
        args,
        data,
        f"key {public.key_id}: private {private_file} (keep offline), "
        f"public {public_file} (trusted by this hub, given to desks at enrolment)",
    )
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    with _hub(args.db).read() as s:
        keys = [k.model_dump() for k in hub_standards.district_keys(s)]
    _out(args, {"keys": keys}, "\n".join(k["key_id"] for k in keys) or "(none)")
    return 0


def _load_package(path: str) -> StandardsPackage:
    try:
        return StandardsPackage.model_validate_json(_read(path))
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise admin.HubError(422, "standards_invalid", f"{where}: {err['msg']}") from None


def cmd_standards_validate(args: argparse.Namespace) -> int:
    package = _load_package(args.file)
    with _hub(args.db).read() as s:
        lines = diff(hub_standards.latest_package(s), package.model_dump(mode="json"))
    _out(
        args,
        {"version": package.version, "diff": lines},
        f"valid: version {package.version}\n" + "\n".join(lines),
    )
    return 0


def cmd_standards_sign(args: argparse.Namespace) -> int:
    package = _load_package(args.file)
    try:
        key = load_private_key(_read(args.key), _passphrase())
    except DeskError as e:
        raise admin.HubError(400, e.code, e.message("en")) from None
    signed = sign(package, key)
    Path(args.out).write_text(signed.model_dump_json(indent=2), encoding="utf-8")
    _out(
        args,
        {"version": package.version, "key_id": signed.key_id, "out": args.out},
        f"signed version {package.version} with {signed.key_id} -> {args.out}",
    )
    return 0


def cmd_standards_publish(args: argparse.Namespace) -> int:
    try:
        signed = parse_signed(_read(args.file))
    except DeskError as e:
        raise admin.HubError(422, e.code, e.message("en")) from None
    with _hub(args.db).write() as s:
        package = hub_standards.publish(s, signed)
    _out(
        args,
        {"version": package.version, "effective_from": package.effective_from},
        f"published version {package.version}, effective {package.effective_from}",
    )
    return 0


# --- union catalogue (issue 6) ---------------------------------------------------------------
def cmd_import_marc(args: argparse.Namespace) -> int:
    """MARC records into the union catalogue, owned by and shelved at --point (the hall)."""
    from .. import marc
    from .marc_import import import_file

    try:
        spec = marc.HoldingsSpec.parse(args.holdings_field)
    except ValueError:
        raise admin.HubError(400, "bad_input", "--holdings-field: 905 or 905$b$d$e") from None
    if args.report and Path(args.report).suffix.lower() not in (".csv", ".xlsx"):
        raise admin.HubError(400, "bad_input", "--report: .xlsx or .csv")

    def progress(done: int, total: int) -> None:
        if not args.json:
            print(f"已处理 {done}/{total} 条记录 / records", file=sys.stderr)

    report = import_file(
        _hub(args.db),
        Path(args.file),
        args.point,
        fmt=args.format,
        encoding=args.encoding,
        holdings=spec,
        material_type=args.material,
        batch_size=args.batch,
        progress=progress,
    )
    if args.report:
        report.export(Path(args.report))
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(report.text())
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="xclib-hub", description="xclib district hub server")
    sub = ap.add_subparsers(dest="verb", required=True)

    def verb(name: str, fn: object, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_)
        p.add_argument("--db", default=os.environ.get("XCLIB_HUB_DB", DEFAULT_DB))
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.set_defaults(handler=fn)
        return p

    p = verb("serve", cmd_serve, "run the HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8470)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--ssl-certfile")
    p.add_argument("--ssl-keyfile")
    p.add_argument("--log-level", default="warning")
    verb("admin-token", cmd_admin_token, "print a new admin token")
    point = sub.add_parser("point", help="service points")
    psub = point.add_subparsers(dest="point_verb", required=True)
    pa = psub.add_parser("add", help="register a service point")
    pa.add_argument("--db", default=os.environ.get("XCLIB_HUB_DB", DEFAULT_DB))
    pa.add_argument("--json", action="store_true")
    pa.add_argument("--code", required=True)
    pa.add_argument("--name", required=True)
    pa.add_argument(
        "--level", required=True, choices=["district", "street", "community", "partner"]
    )
    pa.add_argument("--parent")
    pa.add_argument("--population", type=int, help="served population (per-capita figures)")
    pa.add_argument("--hours", help="own weekly hours, e.g. '2-6 09:00-17:30; 7 10:00-16:00'")
    pa.set_defaults(handler=cmd_point_add)
    from .cli_staffing import register as register_staffing  # point set, retention run

    register_staffing(sub, psub)
    p = verb("enrol-code", cmd_enrol_code, "issue a one-time enrolment code for a point")
    p.add_argument("--point", required=True)
    p.add_argument("--hours", type=float, default=72)
    p = verb("revoke", cmd_revoke, "revoke a device's token")
    p.add_argument("--device", required=True)
    p = verb("keys-new", cmd_keys_new, "make a district signing key pair")
    p.add_argument("--out", required=True, help="folder for the key files")
    verb("keys-list", cmd_keys_list, "district keys this hub trusts")
    p = verb("standards-validate", cmd_standards_validate, "check a package, diff vs latest")
    p.add_argument("file")
    p = verb("standards-sign", cmd_standards_sign, "sign a package with the district key")
    p.add_argument("file")
    p.add_argument("--key", required=True, help="private key PEM (passphrase-protected)")
    p.add_argument("--out", required=True)
    p = verb("standards-publish", cmd_standards_publish, "publish a signed package to all points")
    p.add_argument("file")
    p = verb("import-marc", cmd_import_marc, "import a MARC file into the union catalogue")
    p.add_argument("file")
    p.add_argument("--point", required=True, help="owner and shelf of the copies (the hall)")
    p.add_argument("--format", choices=["auto", "iso2709", "marcxml"], default="auto")
    p.add_argument("--encoding", choices=["auto", "utf-8", "gb18030"], default="auto")
    p.add_argument("--holdings-field", default="905", help="tag, or TAG$barcode$class$book")
    p.add_argument("--material", default="book", help="material type of the copies")
    p.add_argument("--report", help="write the report to .xlsx or .csv")
    p.add_argument("--batch", type=int, default=500, help="records per transaction")
    p = verb("exceptions", cmd_exceptions, "list exceptions")
    p.add_argument("--status")
    from .report_cli import register as register_reports  # report compliance|stats (H3)

    register_reports(sub, DEFAULT_DB)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        rc: int = args.handler(args)
    except admin.HubError as e:
        print(f"error: {e.code}: {e.message}", file=sys.stderr)
        return 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
