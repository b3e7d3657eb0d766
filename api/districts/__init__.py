"""REST v1: districts and their allocations meetings."""
