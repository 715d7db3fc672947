"""``python -m xclib_desk.demo DIR``: a demo store with months of history, offline."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..clock import SystemClock
from ..common.output import json_ready
from ..desk import Desk
from ..errors import DeskError
from .simulation import generate, open_point


def main(argv: list[str] | None = None) -> int:
    """``python -m xclib_desk.demo DIR``: a demo store with history, for trying the desk."""
    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--point", default="XCXJK")
    ap.add_argument("--name", default="新街口街道分馆")
    ap.add_argument("--level", default="street")
    ap.add_argument("--readers", type=int, default=200)
    ap.add_argument("--titles", type=int, default=300)
    ap.add_argument("--items", type=int, default=600)
    ap.add_argument("--loans", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    try:
        desk = Desk.open(args.data_dir)
    except DeskError:
        # opened before the history it is given, so its figures agree page to page
        desk = open_point(args.data_dir, args.point, args.name, args.level, SystemClock())
    summary = generate(
        desk,
        readers=args.readers,
        titles=args.titles,
        items=args.items,
        loans=args.loans,
        seed=args.seed,
    )
    desk.close()
    print(json.dumps(json_ready(summary), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
