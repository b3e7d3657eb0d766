"""REST v1: requests for support."""
