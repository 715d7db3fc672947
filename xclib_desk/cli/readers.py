"""Readers: register, show, search (card, name, pinyin), edit, block, unblock, renew a card."""

from __future__ import annotations

import argparse

from ..desk import Desk
from ..services import readers
from .common import Verbs, actor, emit


def cmd_reader_add(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(
        readers.register,
        actor(args, desk),
        card_no=args.card,
        name=args.name,
        reader_type=args.type,
        id_number=args.id_number,
        phone=args.phone,
        address=args.address,
        guardian_name=args.guardian_name,
        guardian_phone=args.guardian_phone,
    )
    return emit(args, v)


def cmd_reader_show(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.read(readers.show, actor(args, desk), args.card))


def cmd_reader_search(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.read(readers.search, actor(args, desk), args.query))


def cmd_reader_edit(args: argparse.Namespace, desk: Desk) -> int:
    changes = {k: getattr(args, k) for k in readers.EDITABLE if getattr(args, k, None) is not None}
    return emit(args, desk.write(readers.edit, actor(args, desk), args.card, **changes))


def cmd_reader_block(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.write(readers.block, actor(args, desk), args.card, args.reason))


def cmd_reader_unblock(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.write(readers.unblock, actor(args, desk), args.card))


def cmd_reader_renew_card(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.write(readers.renew_card, actor(args, desk), args.card))


def register(verbs: Verbs) -> None:
    rd = verbs.group("reader", "readers")
    sp = rd.add("add", cmd_reader_add, "register a reader")
    sp.add_argument("--card", required=True)
    sp.add_argument("--name", required=True)
    sp.add_argument("--type", required=True, help="reader type from the standards package")
    sp.add_argument("--id-number", required=True, help="resident ID number (GB 11643)")
    for opt in ("--phone", "--address", "--guardian-name", "--guardian-phone"):
        sp.add_argument(opt)
    rd.add("show", cmd_reader_show, "show a reader").add_argument("card")
    rd.add("search", cmd_reader_search, "find readers by card, name or pinyin").add_argument(
        "query"
    )
    sp = rd.add("edit", cmd_reader_edit, "edit a reader's profile")
    sp.add_argument("card")
    for opt in ("--name", "--phone", "--address", "--guardian-name", "--guardian-phone"):
        sp.add_argument(opt)
    sp.add_argument("--reader-type")
    sp.add_argument("--staff-note", help="a note for staff (empty: clear it)")
    sp.add_argument("--reader-message", help="a message for the reader at card scan (empty: clear)")
    sp = rd.add("block", cmd_reader_block, "block a card")
    sp.add_argument("card")
    sp.add_argument("--reason", required=True)
    rd.add("unblock", cmd_reader_unblock, "unblock a card").add_argument("card")
    rd.add("renew-card", cmd_reader_renew_card, "extend a card's validity").add_argument("card")
