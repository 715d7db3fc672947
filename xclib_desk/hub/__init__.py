"""The district hub server: ledger, authoritative state, per-point change feed (FastAPI)."""
