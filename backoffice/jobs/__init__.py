"""Housekeeping that runs beside the web process: ticket SLA sweeps, webhook deliveries."""
