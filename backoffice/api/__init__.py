"""HTTP routers: `/api/v1` for integrators, `/ivr/v1` for the IVR scripts, health probes."""
