"""Deterministic, realistic demo data: `callcenter demo-data [--customers N] [--seed S]`."""
