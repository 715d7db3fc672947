"""Where the device token lives: the OS keyring when one works, else a file only we can read."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Protocol

SERVICE = "xclib-desk"
TOKEN_FILE = "device.token"
ADMIN_TOKEN_FILE = "hub-admin.token"


class TokenStore(Protocol):
    def get(self) -> str | None: ...
    def set(self, token: str) -> None: ...
    def clear(self) -> None: ...


class FileTokenStore:
    """A 0600 file in the data directory (created with that mode, never widened)."""

    def __init__(self, data_dir: Path, name: str = TOKEN_FILE) -> None:
        self.path = data_dir / name

    def get(self) -> str | None:
        try:
            return self.path.read_text(encoding="ascii").strip() or None
        except FileNotFoundError:
            return None

    def set(self, token: str) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(token)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


class KeyringTokenStore:
    def __init__(self, device_id: str) -> None:
        self.user = device_id

    def get(self) -> str | None:
        import keyring

        value: str | None = keyring.get_password(SERVICE, self.user)
        return value

    def set(self, token: str) -> None:
        import keyring

        keyring.set_password(SERVICE, self.user, token)

    def clear(self) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(SERVICE, self.user)


def keyring_usable() -> bool:
    """A real backend (not the fail/null ones a headless server falls back to)."""
    if os.environ.get("XCLIB_DESK_NO_KEYRING"):
        return False
    try:
        import keyring
        from keyring.backends import fail

        kr = keyring.get_keyring()
        if isinstance(kr, fail.Keyring) or "null" in type(kr).__module__.lower():
            return False
        return float(kr.priority) > 0
    except Exception:
        return False


def _store(data_dir: Path, name: str, user: str) -> TokenStore:
    """The token's file when the desk has one, else the keyring when one works, else a new
    file. A desk that was given its file (no keyring then) keeps finding its token there when
    a keyring appears later, and does not ask for one: finding the keyring's backend costs a
    command-line ``sync`` ~50 ms of start-up on a machine that has none."""
    file = FileTokenStore(data_dir, name)
    if file.path.exists() or not keyring_usable():
        return file
    return KeyringTokenStore(user)


def default_store(data_dir: Path, device_id: str) -> TokenStore:
    return _store(data_dir, TOKEN_FILE, device_id)


def admin_token_store(data_dir: Path, device_id: str) -> TokenStore:
    """The hub admin token an admin entered at this desk, kept like the device token."""
    return _store(data_dir, ADMIN_TOKEN_FILE, f"{device_id}:hub-admin")
