"""REST v1: insights for service managers (manager keys)."""
