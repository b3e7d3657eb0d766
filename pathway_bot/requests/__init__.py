"""Requests for support: raising them, the district queue, the lifecycle, keys and meetings.

No Flask here: the REST API, the web chat and the CLI all call these functions.
"""
