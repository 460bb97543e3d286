"""Back office of the call center: customer, billing and ticket data, APIs, desk and agent queue."""
