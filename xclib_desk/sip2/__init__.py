"""The SIP2 front end: self-check kiosks talk to this point's desk over the LAN.

A front end beside ``cli/`` and ``ui/``: it never imports PySide6 and never touches a Session;
every operation goes through :class:`~xclib_desk.desk.Desk` with the kiosk's actor, so kiosk
loans are events, audited, under the same rules (``services/kiosks.py``). ``codec`` reads and
writes frames, ``acs`` answers messages, ``wording`` says refusals on the kiosk's screen,
``server`` runs the TCP (optionally TLS) listener, ``status`` publishes the live session view.
"""
