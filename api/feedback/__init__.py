"""REST v1: what a family tells us after the outcome (feedback, equality monitoring)."""
