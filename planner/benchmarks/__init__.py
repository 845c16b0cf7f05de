"""Adapters from public benchmark formats to the roster engine's domain types."""
