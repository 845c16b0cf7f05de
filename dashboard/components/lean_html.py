"""HTML elements as the Dash renderer receives them, for lists redrawn at every change.

A Dash component object checks its arguments when it is built and is walked property by
property when the answer is serialised. For the check-in desk's lists, redrawn after every
action at every desk, that took most of the request (about 200 elements for a dozen rows).
`element` returns the JSON such an object serialises to, without building the object;
tests/test_lean_html.py holds the two to the same output.
"""

from __future__ import annotations

from typing import Any

HTML_NAMESPACE = "dash_html_components"


def element(tag: str, children: Any = None, **props: Any) -> dict:
    """`dash.html.<tag>(children, **props)` as the renderer's JSON; props use Dash's names
    (className, aria-label through **{...})."""
    return {"props": {"children": children, **props}, "type": tag, "namespace": HTML_NAMESPACE}
