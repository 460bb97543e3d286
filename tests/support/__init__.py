"""Test support: real database servers and small factories."""
