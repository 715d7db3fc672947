"""UI fixtures: a real Qt window (offscreen) on a real store, driven like a scanner would.

The platform and a private settings location are set before anything imports Qt.
"""

from __future__ import annotations

import os
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="xclib-ui-config-"))

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from ui_helpers import FRONT

from xclib_desk.desk import Desk
from xclib_desk.services.context import Actor
from xclib_desk.ui.app import APP_NAME, ORG_NAME, install_translator
from xclib_desk.ui.context import UiContext
from xclib_desk.ui.main_window import MainWindow
from xclib_desk.ui.theme import apply_base


@pytest.fixture(scope="session", autouse=True)
def _qt_app(qapp: QApplication) -> QApplication:
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    apply_base(qapp)
    install_translator(qapp, "zh")
    return qapp


WindowFactory = Callable[..., MainWindow]


@pytest.fixture()
def make_window(desk: Desk, qtbot) -> Iterator[WindowFactory]:  # type: ignore[no-untyped-def]
    """A signed-in main window; ``actor`` and ``lang`` as the test needs."""
    made: list[MainWindow] = []

    def make(actor: Actor = FRONT, lang: str = "zh", engine: object = None) -> MainWindow:
        install_translator(QApplication.instance(), lang)  # type: ignore[arg-type]
        ctx = UiContext(desk, actor, lang)
        ctx.sync_engine = engine
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.timer.stop()
        w.ctx.ops.shutdown()
    install_translator(QApplication.instance(), "zh")  # type: ignore[arg-type]


@pytest.fixture()
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()
