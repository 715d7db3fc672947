"""Use cases of the desk. Each takes a Session and a ``Ctx``, returns plain data, raises DeskError.

Callers own the transaction (``Desk.write``), so a refused operation changes nothing.
"""
