"""Pure business rules (money, PINs, arrears, payment allocation, ticket numbers).

Nothing in this package does I/O or imports a framework: services combine these rules with
storage, and tests exercise them directly.
"""
