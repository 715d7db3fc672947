"""``xclib-desk demo``: a living system in one command.

A local hub server (a subprocess on 127.0.0.1, free port, SQLite), the district's demo points,
a desk for 新街口街道分馆 filled with months of demo work through the real services, and the
hall's desk that lends to its readers and sends it a box, both synced through the hub
(:mod:`xclib_desk.demo.launch`); then the desk application. Everything lives in one directory
(the platform's data dir for ``xclib-desk-demo`` unless given), so a second ``demo`` continues
where the first stopped: the hub restarts on a new port and the desk is pointed at it.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

from ..demo.launch import STAFF_HINT, local_hub, prepare


def default_demo_dir() -> Path:
    return Path(platformdirs.user_data_dir("xclib-desk-demo", "xclib"))


def run_demo(data_dir: Path | None = None) -> int:
    """Start the local hub, prepare the demo desk, open the application; stop the hub after."""
    from .app import run  # PySide6 loads only once the demo data is ready

    root = data_dir or default_demo_dir()
    root.mkdir(parents=True, exist_ok=True)
    hub = local_hub(root)
    try:
        desk_dir = prepare(root, hub)
        print(f"xclib-desk demo: hub {hub.url}; data {root}; 账号 / staff: {STAFF_HINT}")
        return run(desk_dir, None)
    finally:
        hub.stop()
