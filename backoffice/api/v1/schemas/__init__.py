"""Request and response bodies of the integrator API, one module per resource."""
