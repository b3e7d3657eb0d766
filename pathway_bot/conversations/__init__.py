"""Conversations: a person's stored walk through a flow, turn by turn."""
