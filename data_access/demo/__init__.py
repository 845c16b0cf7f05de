"""The demo centre: reference data and a deterministic, calibrated visit history."""

from data_access.demo.visits import generate_visit_frame, summarize

__all__ = ["generate_visit_frame", "summarize"]
