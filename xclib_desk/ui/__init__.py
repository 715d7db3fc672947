"""The PySide6 desk application: a thin front end over the headless services.

Importing the package first protects the interpreter from the Qt binding's reference-count
defects (see :mod:`xclib_desk.ui.qtfix`).
"""

from .qtfix import immortalise_singletons

immortalise_singletons()
