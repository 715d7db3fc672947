"""``xclib-desk``: the headless desk, scriptable for support staff and automation.

Every verb runs one desk operation through :class:`~xclib_desk.desk.Desk`. A refusal prints the
typed error (code and message in the user's language; JSON with ``--json``), exits 1 and
changes nothing. Usage errors exit 2; an unexpected failure exits 3 (the transaction is rolled
back, so nothing half-done is kept).

Who acts: ``--staff CODE`` (or ``XCLIB_STAFF``) names an existing staff member. Without it the
CLI acts as ``cli`` with the least privileged role (desk); ``init`` and the first ``staff add``
act as ``system``, the owner of the data directory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .desk import Desk, json_ready
from .errors import DeskError
from .services import circulation, holdings, readers, search, staff, status, visits
from .services.context import SYSTEM, Actor

CLI_ACTOR = Actor("cli", "desk", "命令行")
Handler = Callable[[argparse.Namespace, Desk | None], int]


def default_data_dir() -> Path:
    env = os.environ.get("XCLIB_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("xclib-desk", "XichengLibrary"))


def _actor(args: argparse.Namespace, desk: Desk) -> Actor:
    code = args.staff or os.environ.get("XCLIB_STAFF")
    if not code:
        return CLI_ACTOR
    return desk.read(staff.find_actor, SYSTEM, code)


def _emit(args: argparse.Namespace, value: Any, text: str | None = None) -> int:
    if args.json:
        print(json.dumps({"ok": True, "result": json_ready(value)}, ensure_ascii=False, indent=2))
    else:
        print(text if text is not None else _plain(value))
    return 0


def _plain(value: Any) -> str:
    data = json_ready(value)
    if isinstance(data, list):
        return "\n".join(_plain_row(row) for row in data) or "（无 / none）"
    return _plain_row(data)


def _plain_row(row: Any) -> str:
    if isinstance(row, dict):
        return (
            "\n".join(f"{k}: {_plain_row(v) if isinstance(v, dict) else v}" for k, v in row.items())
            + "\n"
        )
    return str(row)


# --- verbs ---------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace, _desk: Desk | None) -> int:
    desk = Desk.initialise(
        args.data_dir,
        point_code=args.point,
        point_name=args.name,
        level=args.level,
        parent_code=args.parent,
    )
    try:
        return _emit(args, desk.read(status.status), f"已初始化服务点 {desk.point.code}")
    finally:
        desk.close()


def cmd_staff_add(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else args.password
    if not password:
        raise DeskError("bad_input", detail="--password 或 --password-stdin / password required")
    bootstrap = not desk.read(staff.list_staff)
    actor = SYSTEM if bootstrap and not args.staff else _actor(args, desk)
    v = desk.write(
        staff.add_staff, actor, code=args.code, name=args.name, role=args.role, password=password
    )
    return _emit(args, v)


def cmd_staff_list(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return _emit(args, desk.read(staff.list_staff))


def cmd_reader_add(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    v = desk.write(
        readers.register,
        _actor(args, desk),
        card_no=args.card,
        name=args.name,
        reader_type=args.type,
        id_number=args.id_number,
        phone=args.phone,
        address=args.address,
        guardian_name=args.guardian_name,
        guardian_phone=args.guardian_phone,
    )
    return _emit(args, v)


def cmd_reader_show(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return _emit(args, desk.read(readers.show, _actor(args, desk), args.card))


def cmd_reader_search(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return _emit(args, desk.read(readers.search, _actor(args, desk), args.query))


def cmd_reader_edit(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    changes = {k: getattr(args, k) for k in readers.EDITABLE if getattr(args, k, None) is not None}
    return _emit(args, desk.write(readers.edit, _actor(args, desk), args.card, **changes))


def cmd_reader_block(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return _emit(args, desk.write(readers.block, _actor(args, desk), args.card, args.reason))


def cmd_reader_unblock(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return _emit(args, desk.write(readers.unblock, _actor(args, desk), args.card))


def cmd_reader_renew_card(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return _emit(args, desk.write(readers.renew_card, _actor(args, desk), args.card))


def cmd_title_add(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    v = desk.write(
        holdings.add_title,
        _actor(args, desk),
        title=args.title,
        isbn=args.isbn,
        author=args.author,
        publisher=args.publisher,
        year=args.year,
        clc=args.clc,
        language=args.language,
    )
    return _emit(args, v)


def cmd_title_search(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return _emit(args, desk.read(search.search_titles, _actor(args, desk), args.query))


def cmd_item_add(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    price = None
    if args.price is not None:
        try:
            price = round(float(args.price) * 100)
        except ValueError:
            raise DeskError("bad_input", detail="价格应为数字（元）/ price in CNY") from None
    v = desk.write(
        holdings.add_item,
        _actor(args, desk),
        barcode=args.barcode,
        title_ref=args.title,
        call_number=args.call_number,
        material_type=args.material,
        price_cents=price,
    )
    return _emit(args, v)


def cmd_item_show(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return _emit(args, desk.read(holdings.show_item, _actor(args, desk), args.barcode))


def _override(args: argparse.Namespace) -> circulation.Override | None:
    if not args.override:
        return None
    return circulation.Override(reason=args.reason or "", codes=frozenset(args.override))


def cmd_checkout(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    v = desk.write(circulation.check_out, _actor(args, desk), args.card, args.item, _override(args))
    return _emit(args, v, f"借出 {v.barcode}《{v.title}》 应还日期 {v.due_date}")


def cmd_checkin(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    r = desk.write(circulation.check_in, _actor(args, desk), args.item)
    text = f"归还 {r.loan.barcode}《{r.loan.title}》"
    if r.days_late:
        text += f"，逾期 {r.days_late} 天，滞纳金 {r.fee_cents / 100:.2f} 元"
    if r.route_to:
        text += f"\n请送往：{r.route_to_name}（{r.route_to}）"
    return _emit(args, r, text)


def cmd_renew(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    v = desk.write(circulation.renew, _actor(args, desk), args.item, _override(args))
    return _emit(args, v, f"续借 {v.barcode}《{v.title}》 新应还日期 {v.due_date}")


def cmd_loans(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return _emit(args, desk.read(circulation.reader_loans, _actor(args, desk), args.card))


def cmd_status(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return _emit(args, desk.read(status.status))


def cmd_visits(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    n = desk.write(visits.record_visits, _actor(args, desk), args.day, args.count)
    return _emit(args, {"day": args.day, "count": n}, f"{args.day} 到馆 {n} 人次")


def cmd_backup(args: argparse.Namespace, _desk: Desk | None) -> int:
    from . import backup

    if args.auto:
        info = backup.auto_backup(args.data_dir, keep=args.keep)
        if info is None:
            return _emit(args, None, "今天已有自动备份 / today's backup exists")
    else:
        info = backup.backup(args.data_dir, args.to)
    return _emit(
        args, info, f"已备份到 {info.path}（{info.events} 个事件，{info.pending_events} 个待同步）"
    )


def cmd_restore(args: argparse.Namespace, _desk: Desk | None) -> int:
    from . import backup

    report = backup.restore(args.data_dir, args.file)
    text = (
        f"已从 {report.restored.path.name} 恢复：{report.restored.events} 个事件，"
        f"其中 {report.restored.pending_events} 个待同步，将在下次同步时上传；"
        f"已上传过的事件由中心判为重复，不会重复记账。"
    )
    if report.set_aside:
        text += f"\n原数据库已保存在 {report.set_aside}"
    return _emit(args, report, text)


def cmd_standards_list(args: argparse.Namespace, desk: Desk | None) -> int:
    from .services import standards

    assert desk is not None
    return _emit(args, desk.read(standards.versions))


def cmd_standards_trust(args: argparse.Namespace, desk: Desk | None) -> int:
    from .services import standards
    from .standards.schema import TrustedKey

    assert desk is not None
    try:
        key = TrustedKey.model_validate_json(args.keyfile.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DeskError("bad_input", detail="密钥文件应为 {key_id, public_key} JSON") from None
    return _emit(args, desk.write(standards.trust_key, _actor(args, desk), key))


def cmd_standards_install(args: argparse.Namespace, desk: Desk | None) -> int:
    from .services import standards
    from .standards.signing import parse_signed

    assert desk is not None
    try:
        raw = args.file.read_bytes()
    except OSError as e:
        raise DeskError("bad_input", detail=str(e)[:100]) from None
    view = desk.write(standards.install, _actor(args, desk), parse_signed(raw), "file")
    return _emit(args, view, f"已安装标准包第 {view.version} 版，{view.effective_from} 起生效")


def cmd_gui(args: argparse.Namespace, _desk: Desk | None) -> int:
    from .ui.app import run

    return int(run(args.data_dir if args.data_dir_given else None, args.lang))


def cmd_demo(args: argparse.Namespace, _desk: Desk | None) -> int:
    from .ui.demo_launch import run_demo

    return int(run_demo(args.data_dir if args.data_dir_given else None))


# --- parser --------------------------------------------------------------------------------
NO_STORE = {cmd_init, cmd_gui, cmd_demo, cmd_backup, cmd_restore}


def common_options() -> argparse.ArgumentParser:
    """Global options, accepted before or after the verb (`xclib-desk status --json`); every
    verb module adds them as a parent parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="store directory")
    common.add_argument("--staff", default=argparse.SUPPRESS, help="acting staff code")
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    common.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=argparse.SUPPRESS,
        help="message language (or XCLIB_LANG)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    p = argparse.ArgumentParser(
        prog="xclib-desk", parents=[common], description="西城区图书馆服务点前台 (xclib-desk)"
    )
    p.add_argument(
        "--self-test",
        action="store_true",
        help="run a headless circulation round in a temporary store and exit",
    )
    p.add_argument("--version", action="version", version=f"xclib-desk {__version__}")
    sub = p.add_subparsers(dest="verb", metavar="VERB")

    def verb(name: str, handler: Handler, helptext: str, parent: Any = sub) -> Any:
        sp = parent.add_parser(name, help=helptext, parents=[common])
        sp.set_defaults(handler=handler)
        return sp

    sp = verb("init", cmd_init, "initialise this point's store offline")
    sp.add_argument("--point", required=True, help="point code, e.g. XC-DSX")
    sp.add_argument("--name", required=True)
    sp.add_argument(
        "--level", required=True, choices=["district", "street", "community", "partner"]
    )
    sp.add_argument("--parent", help="parent point code")

    st = sub.add_parser("staff", help="staff accounts").add_subparsers(dest="sub", required=True)
    sp = verb("add", cmd_staff_add, "add a staff member", st)
    sp.add_argument("--code", required=True)
    sp.add_argument("--name", required=True)
    sp.add_argument("--role", required=True, choices=["desk", "librarian", "admin"])
    sp.add_argument("--password")
    sp.add_argument("--password-stdin", action="store_true")
    verb("list", cmd_staff_list, "list staff", st)

    rd = sub.add_parser("reader", help="readers").add_subparsers(dest="sub", required=True)
    sp = verb("add", cmd_reader_add, "register a reader", rd)
    sp.add_argument("--card", required=True)
    sp.add_argument("--name", required=True)
    sp.add_argument("--type", required=True, help="reader type from the standards package")
    sp.add_argument("--id-number", required=True, help="resident ID number (GB 11643)")
    for opt in ("--phone", "--address", "--guardian-name", "--guardian-phone"):
        sp.add_argument(opt)
    verb("show", cmd_reader_show, "show a reader", rd).add_argument("card")
    verb("search", cmd_reader_search, "find readers by card, name or pinyin", rd).add_argument(
        "query"
    )
    sp = verb("edit", cmd_reader_edit, "edit a reader's profile", rd)
    sp.add_argument("card")
    for opt in ("--name", "--phone", "--address", "--guardian-name", "--guardian-phone"):
        sp.add_argument(opt)
    sp.add_argument("--reader-type")
    sp = verb("block", cmd_reader_block, "block a card", rd)
    sp.add_argument("card")
    sp.add_argument("--reason", required=True)
    verb("unblock", cmd_reader_unblock, "unblock a card", rd).add_argument("card")
    verb("renew-card", cmd_reader_renew_card, "extend a card's validity", rd).add_argument("card")

    tt = sub.add_parser("title", help="bibliographic records").add_subparsers(
        dest="sub", required=True
    )
    sp = verb("add", cmd_title_add, "add a title", tt)
    sp.add_argument("--title", required=True)
    for opt in ("--isbn", "--author", "--publisher", "--year", "--clc"):
        sp.add_argument(opt)
    sp.add_argument("--language", default="chi")
    verb("search", cmd_title_search, "find titles", tt).add_argument("query")

    it = sub.add_parser("item", help="copies").add_subparsers(dest="sub", required=True)
    sp = verb("add", cmd_item_add, "add a copy", it)
    sp.add_argument("--barcode", required=True)
    sp.add_argument("--title", required=True, help="title uid or ISBN")
    sp.add_argument("--call-number", required=True)
    sp.add_argument("--material", default="book")
    sp.add_argument("--price", help="price in CNY")
    verb("show", cmd_item_show, "show a copy", it).add_argument("barcode")

    for name, handler, helptext in (
        ("checkout", cmd_checkout, "lend ITEM to CARD"),
        ("renew", cmd_renew, "renew ITEM"),
    ):
        sp = verb(name, handler, helptext)
        if name == "checkout":
            sp.add_argument("card")
        sp.add_argument("item")
        sp.add_argument(
            "--override",
            action="append",
            metavar="BLOCK",
            help="override a block (role permitting), e.g. quota_reached",
        )
        sp.add_argument("--reason", help="why the override is justified")
    verb("checkin", cmd_checkin, "return ITEM").add_argument("item")
    verb("loans", cmd_loans, "open loans of CARD").add_argument("card")
    verb("status", cmd_status, "counts, pending events, standards version")
    sp = verb("visits", cmd_visits, "record a day's visitor count")
    sp.add_argument("day", help="YYYY-MM-DD")
    sp.add_argument("count")
    sp = verb("backup", cmd_backup, "consistent copy of the store (safe while the desk runs)")
    sp.add_argument("--to", type=Path, help="folder (default: DATA_DIR/backups)")
    sp.add_argument("--auto", action="store_true", help="daily backup with rotation")
    sp.add_argument("--keep", type=int, default=14, help="daily backups kept with --auto")
    verb("restore", cmd_restore, "replace the store by a backup of this point").add_argument(
        "file", type=Path
    )
    sd = sub.add_parser("standards", help="district standards packages").add_subparsers(
        dest="sub", required=True
    )
    verb("list", cmd_standards_list, "package versions known here, the one in force", sd)
    verb("trust", cmd_standards_trust, "trust a district public key (admin)", sd).add_argument(
        "keyfile", type=Path
    )
    verb("install", cmd_standards_install, "install a signed package file", sd).add_argument(
        "file", type=Path
    )
    verb("gui", cmd_gui, "open the desk application (default)")
    verb("demo", cmd_demo, "demo: embedded hub + demo data + the desk application")

    try:
        from . import cli_sync
    except ImportError:
        pass
    else:
        cli_sync.register(sub)
    from . import cli_holdings

    cli_holdings.register(sub)
    from . import cli_shipments  # shipments (配送, issue 6)

    cli_shipments.register(sub)
    from . import cli_duty  # duty, services checklist, retention, visits import (issue 5)

    cli_duty.register(sub)
    from . import cli_compliance  # compliance figures (issue 5)

    cli_compliance.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    for name, default in (("data_dir", None), ("staff", None), ("json", False), ("lang", None)):
        if not hasattr(args, name):
            setattr(args, name, default)
    previous = os.environ.get("XCLIB_LANG")
    if args.lang:
        os.environ["XCLIB_LANG"] = args.lang
    try:
        return _run(args)
    finally:  # --lang is this invocation's; a caller running several (tests, the GUI) keeps its own
        if args.lang and previous is None:
            os.environ.pop("XCLIB_LANG", None)
        elif args.lang and previous is not None:
            os.environ["XCLIB_LANG"] = previous


def _run(args: argparse.Namespace) -> int:
    if args.self_test:
        from .selftest import run as self_test

        return self_test()
    args.data_dir_given = args.data_dir is not None
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    handler: Handler = getattr(args, "handler", cmd_gui)
    desk: Desk | None = None
    try:
        if handler not in NO_STORE and not getattr(args, "no_store", False):
            desk = Desk.open(args.data_dir)
        return handler(args, desk)
    except DeskError as e:
        if args.json:
            print(json.dumps({"ok": False, "error": e.to_dict()}, ensure_ascii=False, indent=2))
        print(f"[{e.code}] {e.message()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        if desk is not None:
            desk.close()


if __name__ == "__main__":
    sys.exit(main())
