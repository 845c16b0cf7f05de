"""Which row's button a pattern-matching callback was called for."""

from __future__ import annotations

from dash import ctx
from dash.exceptions import PreventUpdate


def pressed_button() -> dict:
    """The id ({"type": ..., "id": ...}) of the row's control that fired the callback.

    Raises PreventUpdate when none really did: the buttons are drawn with the rows, and a
    redrawn row calls the callback with no clicks.
    """
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(i.get("value") for i in ctx.triggered):
        raise PreventUpdate
    return trigger
