"""Credentials: desk passwords (argon2), integrator API keys, CSRF tokens."""
