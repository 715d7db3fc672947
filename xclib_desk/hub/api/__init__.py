"""The hub's HTTP API (FastAPI): one router per area, assembled by :func:`app.create_app`.

- ``sync``: what desks call (hello, enrol, push, pull, a copy by barcode, union search)
- ``admin``: points, enrolment codes, devices, exceptions, standards packages
- ``staffing``: a point's daily hours and staffing figures, services gaps, retention
- ``reports``: the district's compliance report and statistics

``problems`` holds the one error shape and the OpenAPI error table, ``deps`` the hub and the
token checks every route depends on.
"""
