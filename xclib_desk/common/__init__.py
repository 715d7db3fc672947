"""Pure helpers every part may import (desk services, hub, protocol, front ends).

Nothing here opens a database, reads a Session or imports another part of the project: that
is what lets the hub stand on shared code without reaching into the desk's services.
"""
