"""A real small disk for tests: a 4 MB tmpfs of its own, filled to the last byte on demand.

SQLite then meets ENOSPC exactly where it would on a point's old PC. Mounting needs root (or
CAP_SYS_ADMIN); elsewhere the tests that use it are skipped, never faked.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

POSIX = os.name == "posix"


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MB file system of its own (tmpfs), unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if not POSIX or shutil.which("mount") is None:
        pytest.skip("needs mount(8)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4M,mode=0755", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> None:
    """Write until the disk refuses the next byte (unbuffered: nothing left to flush)."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    assert shutil.disk_usage(disk).free == 0


def free(disk: Path) -> None:
    (disk / "filler").unlink()
