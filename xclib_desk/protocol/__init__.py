"""The one contract the desk and the hub both import: event payloads, envelopes, feed rows.

Nothing here imports the rest of the project except pure shared helpers, so either end (and
any further front end) can depend on it without pulling in the other's code.
"""
