"""The demo: a branch with months of history, its network and an embedded hub.

Outside the desk's runtime path: nothing in the runtime imports this package. One module per
part: :mod:`.names` and :mod:`.catalogue` (fake people and books, also used by tests and
benchmarks), :mod:`.network` (the demo points and staff), :mod:`.simulation` (the back-dated
desk work).
"""
