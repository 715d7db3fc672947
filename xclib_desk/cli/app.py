"""The desktop application from the command line: ``gui`` (also: no verb) and ``demo``.

Both import the Qt front end when they run, not when the CLI starts: PySide6 is a heavy optional
dependency that headless installs (a server, a script) do without.
"""

from __future__ import annotations

import argparse
import os

from ..clock import NOW_ENV
from .common import Verbs


def cmd_gui(args: argparse.Namespace) -> int:
    from ..ui.app import run  # PySide6: heavy, optional, only for the window

    if args.now:  # the app takes its set time from the environment, as when started directly
        os.environ[NOW_ENV] = args.now
    return int(run(args.data_dir if args.data_dir_given else None, args.lang))


def cmd_demo(args: argparse.Namespace) -> int:
    from ..ui.demo_launch import run_demo  # PySide6: heavy, optional, only for the window

    return int(run_demo(args.data_dir if args.data_dir_given else None))


def register(verbs: Verbs) -> None:
    verbs.add_storeless("gui", cmd_gui, "open the desk application (default)")
    verbs.add_storeless("demo", cmd_demo, "demo: embedded hub + demo data + the desk application")
