"""The walk-in queue under load, beside bench/load.py's check-ins: call displays, visitors'
status pages and desks calling.

Per place: `DISPLAYS_PER_PLACE` call displays poll their state as the page does (every
DISPLAY_POLL_MS), a desk calls the next number every `CALL_EVERY_S` and finishes it, and
`STATUS_PAGES` visitors' pages (of tickets issued at the start) poll every STATUS_POLL_MS. The
call-to-display latency is from the desk's acknowledged call to the first poll of a display
of that place that shows it. Everything goes to 127.0.0.1, bounded by the run's stop event.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field

from dashboard.web.queue_views import DISPLAY_POLL_MS, STATUS_POLL_MS
from planner import clock

DISPLAYS_PER_PLACE = 2
STATUS_PAGES = 100
DISPLAY_POLL_S = DISPLAY_POLL_MS / 1000
STATUS_POLL_S = STATUS_POLL_MS / 1000
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
    error_kinds: dict = field(default_factory=dict)  # "status 503" / "display no answer" -> how often

    def error(self, kind: str = "", answer=None) -> None:
        what = f"{kind} {answer[0] if answer is not None else 'no answer'}"
        with self.lock:
            self.errors += 1
            self.error_kinds[what] = self.error_kinds.get(what, 0) + 1


def desk_step_body(callback_map: dict, desk_id: int, action: str) -> dict:
    """The desk page's step callback (dashboard/queue/page.py take_desk_step) as the browser posts it."""
    key = next(k for k, e in callback_map.items() if any(i["id"] == "queue-call-next" for i in e["inputs"]))
    entry = callback_map[key]
    button = f"queue-{action.replace('_', '-')}"
    inputs = [{"id": i["id"], "property": i["property"], "value": 1 if i["id"] == button else None}
              for i in entry["inputs"]]
    values = {"queue-desk": str(desk_id), "queue-ticket": None, "queue-refer-to": None}
    state = [{"id": s["id"], "property": s["property"], "value": values.get(s["id"])} for s in entry["state"]]
    return {"output": key, "outputs": {"id": "queue-message", "property": "children"}, "inputs": inputs,
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
            tally.error("desk call", answer)
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
                tally.error("desk finish", done)
    connection.close()


def display_poller(connection, token: str, place: str, tally: QueueTally, stop: threading.Event) -> None:
    seen: set = set()
    while not stop.is_set():
        answer = _get(connection, f"/anzeige/{token}/stand")
        polled = time.monotonic()
        if answer is None or answer[0] != 200:
            tally.error("display", answer)
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


def _get(connection, path: str):
    """A GET as a browser sends it: on a kept-alive connection the server closed meanwhile, once
    more on a new one (browsers retry an idempotent request then)."""
    answer = connection.request("GET", path, b"", {})
    return answer if answer is not None else connection.request("GET", path, b"", {})


def status_poller(connection, status_path: str, tally: QueueTally, stop: threading.Event, offset: float) -> None:
    if stop.wait(offset):  # spread the pages' polls over the interval, as visitors' phones are
        return
    while not stop.is_set():
        answer = _get(connection, f"{status_path}/stand")
        if answer is None or answer[0] != 200:
            tally.error("status", answer)
        else:
            with tally.lock:
                tally.status_polls += 1
        stop.wait(STATUS_POLL_S)
    connection.close()


# --- the harness bench/load.py runs beside its check-in clients ----------------------------------
QUEUE_MIN_SECONDS = 25.0  # the queue's clients run at least this long: every status page polls twice
DESK_PER_PLACE = {"infopoint": "Empfang 1", "centre": "Beratung 1"}


@dataclass
class QueueSetup:
    displays: list  # (place code, display token)
    desks: dict  # place code -> desk id


def set_up(session, locations: dict) -> QueueSetup:
    """Each place's default queues and desks, and DISPLAYS_PER_PLACE display tokens per place."""
    import datetime as dt

    from data_access.repositories.queue import QueueRepository

    repo = QueueRepository(session)
    displays, desks = [], {}
    for code, location_id in locations.items():
        desks[code] = next(d.id for d in repo.desks(location_id) if d.name == DESK_PER_PLACE[code])
        for n in range(DISPLAYS_PER_PLACE):
            displays.append((code, repo.create_display_token(location_id, f"Last {n + 1}", "bench",
                                                             clock.now())[1]))
    return QueueSetup(displays, desks)


def issue_status_tickets(connection, token: str, arrivals: list, count: int) -> tuple[set, list]:
    """`count` check-ins through the API, as ticket machines post them: (their keys, their status pages)."""
    import uuid

    keys, pages = set(), []
    for n in range(count):
        location, group, language, concern = arrivals[n % len(arrivals)]
        key = f"queue-status-{uuid.uuid4()}"
        answer = connection.post_json("/api/v1/visits", {"location": location, "target_group": group,
                                                         "language": language, "concern": concern},
                                      {"Idempotency-Key": key})
        if answer is not None and answer[0] == 201 and "ticket" in answer[1]:
            keys.add(key)
            pages.append(answer[1]["ticket"]["status_url"])
    return keys, pages


def start(make_connection, signed_in, base: str, callback_map: dict, setup: QueueSetup, status_pages: list,
          tally: QueueTally, stop: threading.Event, begin_at: float = 0.0) -> list[threading.Thread]:
    """The displays, the visitors' status pages and one calling desk per place, each a thread,
    connected (the desks signed in) now and making their first request at `begin_at` (monotonic)."""
    def client(target, *args):
        return threading.Thread(target=_from, args=(begin_at, target, *args))

    threads = [client(display_poller, make_connection(), token, place, tally, stop) for place, token in setup.displays]
    threads += [client(status_poller, make_connection(), path, tally, stop, STATUS_POLL_S * n / len(status_pages))
                for n, path in enumerate(status_pages)]
    threads += [client(desk_caller, signed_in(base, "empfang"), callback_map, desk_id, place, tally, stop)
                for place, desk_id in setup.desks.items()]
    for thread in threads:
        thread.daemon = True
        thread.start()
    return threads


def _from(begin_at: float, target, *args) -> None:
    time.sleep(max(0.0, begin_at - time.monotonic()))
    target(*args)


def tickets_missing(session, since) -> int:
    """Visits since `since` without a ticket: every arrival, through the API or a desk, must have one."""
    from sqlalchemy import func, select

    from data_access.models import Visit
    from data_access.queue_models import Ticket

    return int(session.scalar(select(func.count(Visit.id)).outerjoin(Ticket, Ticket.visit_id == Visit.id)
                              .where(Visit.arrived_at >= since, Ticket.id.is_(None))) or 0)
