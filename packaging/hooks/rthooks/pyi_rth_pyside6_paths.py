# Replaces PyInstaller's run-time hook for PySide6, which runs at every start of the bundle
# and imports PySide6.QtCore there (to write an embedded qt.conf): ~60 ms of every command-line
# verb, which never opens a window. Qt finds its plugins and QML through the same two variables
# the original sets; the embedded qt.conf is written by PySide6 itself when the window first
# imports it (the PyPI wheels do; they are what packaging/ builds from). No macOS build here.
import os
import sys

if sys.platform.startswith("win"):
    _qt = os.path.join(sys._MEIPASS, "PySide6")
    # QtNetwork's OpenSSL DLLs, when collected beside the application
    os.environ["PATH"] = os.pathsep.join([sys._MEIPASS, os.environ.get("PATH", "")])
else:
    _qt = os.path.join(sys._MEIPASS, "PySide6", "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
os.environ["QML2_IMPORT_PATH"] = os.path.join(_qt, "qml")
del _qt
