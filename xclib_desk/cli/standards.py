"""The district's standards packages at this point: ``standards list``, ``trust`` (a district
public key) and ``install`` (a signed package file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..common.output import say
from ..desk import Desk
from ..errors import DeskError, Phrase, Text
from ..services import standards
from ..standards.schema import TrustedKey
from ..standards.signing import parse_signed
from .common import Verbs, actor, emit


def cmd_standards_list(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.read(standards.versions))


def cmd_standards_trust(args: argparse.Namespace, desk: Desk) -> int:
    try:
        key = TrustedKey.model_validate_json(args.keyfile.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        detail = Text(
            "密钥文件应为 {key_id, public_key} JSON",
            "the key file must be {key_id, public_key} JSON",
        )
        raise DeskError("bad_input", detail=detail) from None
    return emit(args, desk.write(standards.trust_key, actor(args, desk), key))


def cmd_standards_install(args: argparse.Namespace, desk: Desk) -> int:
    try:
        raw = args.file.read_bytes()  # other unreadable paths are refused in words (cli main)
    except FileNotFoundError:
        raise DeskError("bad_input", detail=Phrase("no_such_file", path=str(args.file))) from None
    view = desk.write(standards.install, actor(args, desk), parse_signed(raw), "file")
    text = say(
        f"已安装标准包第 {view.version} 版，{view.effective_from} 起生效",
        f"installed standards version {view.version}, in force from {view.effective_from}",
    )
    return emit(args, view, text)


def register(verbs: Verbs) -> None:
    sd = verbs.group("standards", "district standards packages")
    sd.add("list", cmd_standards_list, "package versions known here, the one in force")
    sd.add("trust", cmd_standards_trust, "trust a district public key (admin)").add_argument(
        "keyfile", type=Path
    )
    sd.add("install", cmd_standards_install, "install a signed package file").add_argument(
        "file", type=Path
    )
