"""Client side of sync: wire schemas shared with the hub, the headless engine, desk-side apply."""
