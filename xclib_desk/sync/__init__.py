"""Client side of sync: the headless engine and the desk-side apply of the hub's feed (the
wire contract itself is ``xclib_desk.protocol``)."""
