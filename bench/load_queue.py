"""The walk-in queue under load, beside bench/load.py's check-ins: call displays, visitors'
status pages and desks calling.

Per place: `DISPLAYS_PER_PLACE` call displays poll their state as the page does (every
2 s), a desk calls the next number every `CALL_EVERY_S` and finishes it, and
`STATUS_PAGES` visitors' pages (of tickets issued during the run) poll every 10 s. The
call-to-display latency is from the desk's acknowledged call to the first poll of a display
of that place that shows it. Everything goes to 127.0.0.1, bounded by the run's stop event.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field

DISPLAYS_PER_PLACE = 2
STATUS_PAGES = 100
DISPLAY_POLL_S = 2.0  # as assets/queue.js polls (dashboard/web/queue_views.py DISPLAY_POLL_MS)
STATUS_POLL_S = 10.0
CALL_EVERY_S = 3.0
LABEL = re.compile(r"\b([A-Z]{1,4}-\d{3,})\b")


@dataclass
class QueueTally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    called: dict = field(default_factory=dict)  # (place, label, count) -> monotonic time of the call
    display_latency: list = field(default_factory=list)  # seconds
    status_polls: int = 0
    display_polls: int = 0
    calls: int = 0
    errors: int = 0

    def error(self) -> None:
        with self.lock:
            self.errors += 1


def desk_step_body(callback_map: dict, desk_id: int, action: str) -> dict:
    """The desk page's step callback (dashboard/queue/page.py take_desk_step) as the browser posts it."""
    key = next(k for k, e in callback_map.items() if any(i["id"] == "queue-call-next" for i in e["inputs"]))
    entry = callback_map[key]
    button = f"queue-{action.replace('_', '-')}"
    inputs = [{"id": i["id"], "property": i["property"], "value": 1 if i["id"] == button else None}
              for i in entry["inputs"]]
    values = {"queue-desk": str(desk_id), "queue-ticket": None, "queue-refer-to": None}
    state = [{"id": s["id"], "property": s["property"], "value": values.get(s["id"])} for s in entry["state"]]
    return {"output": key, "outputs": [{"id": "queue-message", "property": "children"}], "inputs": inputs,
            "state": state, "changedPropIds": [f"{button}.n_clicks"]}


def _label(answer) -> str | None:
    """The called ticket's label from the desk's answer (the success message names it)."""
    if answer is None or answer[0] != 200:
        return None
    text = json.dumps(answer[1].get("response", {}).get("queue-message", {}), ensure_ascii=False)
    if '"success"' not in text:
        return None
    found = LABEL.search(text)
    return found.group(1) if found else None


def desk_caller(connection, callback_map: dict, desk_id: int, place: str, tally: QueueTally,
                stop: threading.Event) -> None:
    """Call the next number, keep it a moment, finish it; again until the run stops."""
    counts: dict[str, int] = {}
    while not stop.is_set():
        answer = connection.post_json("/_dash-update-component", desk_step_body(callback_map, desk_id, "call_next"))
        if answer is None or answer[0] != 200:
            tally.error()
        label = _label(answer)
        if label:
            counts[label] = counts.get(label, 0) + 1
            with tally.lock:
                tally.called[(place, label, counts[label])] = time.monotonic()
                tally.calls += 1
        if stop.wait(CALL_EVERY_S):
            break
        if label:
            done = connection.post_json("/_dash-update-component", desk_step_body(callback_map, desk_id, "finish"))
            if done is None or done[0] != 200:
                tally.error()
    connection.close()


def display_poller(connection, token: str, place: str, tally: QueueTally, stop: threading.Event) -> None:
    seen: set = set()
    while not stop.is_set():
        answer = connection.request("GET", f"/anzeige/{token}/stand", b"", {})
        polled = time.monotonic()
        if answer is None or answer[0] != 200:
            tally.error()
        else:
            for call in json.loads(answer[2]).get("calls", []):
                key = (place, call["label"], call["count"])
                if key in seen:
                    continue
                seen.add(key)
                with tally.lock:
                    at = tally.called.get(key)
                    if at is not None:
                        tally.display_latency.append(max(0.0, polled - at))
            with tally.lock:
                tally.display_polls += 1
        stop.wait(DISPLAY_POLL_S)
    connection.close()


def status_poller(connection, status_path: str, tally: QueueTally, stop: threading.Event, offset: float) -> None:
    if stop.wait(offset):  # spread the pages' polls over the interval, as visitors' phones are
        return
    while not stop.is_set():
        answer = connection.request("GET", f"{status_path}/stand", b"", {})
        if answer is None or answer[0] != 200:
            tally.error()
        else:
            with tally.lock:
                tally.status_polls += 1
        stop.wait(STATUS_POLL_S)
    connection.close()
