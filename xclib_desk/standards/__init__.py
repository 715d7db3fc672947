"""The district's standards package: schema, loading and rule evaluation (no Qt, no SQL)."""
