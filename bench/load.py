"""Load on loopback: concurrent check-ins through the API and the desk, nothing lost or doubled.

    python -m bench.load [--clients 50] [--per-client 200] [--modes embedded-sqlite,...]
                         [--workers 2] [--max-seconds 300] [--client-processes 2] [--json] [--no-docs]

For each mode and database (embedded = `python app.py`, one process; production =
gunicorn with --workers workers; SQLite or PostgreSQL, each a fresh database with a small
demo history) it starts the server, creates a device token, and runs --clients clients
at once, each doing --per-client check-ins: nine in ten clients post to
POST /api/v1/visits (one post in ten is sent again with the same Idempotency-Key, as a
ticket machine does after a timeout), one in ten is a reception desk recording arrivals
through the check-in page's callbacks (record, call one of the first waiting of the list
that came back with it, finish that consultation; each answer carries the lists). The clients are threads spread over
--client-processes processes. Meanwhile a leadership client keeps refreshing the Overview,
and the walk-in queue runs beside them (bench/load_queue.py): per place two call displays
poll as the page does (every second) and one desk calls the next number every 3 s on the desk page, and 100
visitors' status pages (of tickets issued through the API at the start) poll every 10 s;
the queue's clients run at least load_queue.QUEUE_MIN_SECONDS. Afterwards it counts the
rows: every acknowledged check-in must be stored exactly once (lost, duplicated).

Everything goes to 127.0.0.1 only, bounded by count and by --max-seconds per mode.
Prints a table (or one JSON object per mode and database with --json: mode, database,
clients, acknowledged, stored, lost, duplicated, errors, throughput, p50_ms, p95_ms,
overview_p95_ms, call_to_display_p95_s, status_polls, ...) and writes the table into docs/benchmarks.md between
<!-- load:begin --> and <!-- load:end -->.
"""

from __future__ import annotations

import argparse
import multiprocessing
import datetime as dt
import http.cookies
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bench import load_import, load_queue
from bench.docs import write_section
from bench.load_servers import Server, fresh_database, postgres_reachable
from planner import clock

MODES = ("embedded-sqlite", "embedded-postgresql", "production-sqlite", "production-postgresql")
DEFAULT_MODES = MODES
DESK_EVERY = 10  # one client in ten is a reception desk, the others ticket machines
RETRY_SHARE = 0.1  # posts sent a second time with the same Idempotency-Key
OVERVIEW_PAUSE_S = 0.5
CLIENT_START_SECONDS = 3.0  # for the client processes to start, connect and sign in
PASSWORD = "migrado-demo"
# Ticket machines check in at the Infopoint; the desks work the service centre's queue
# (record, call the next, finish), so that a desk's list stays as short as a real one.
ARRIVALS = [("infopoint", "ukraine", "uk", "orientation"), ("infopoint", "other", "ar", "residence")]
# What the check-in page's actions answer with besides their message: the place's lists.
DESK_LISTS = [{"id": "checkin-waiting-table", "property": "rowData"}, {"id": "checkin-advice-table", "property": "rowData"},
              {"id": "checkin-waiting-count", "property": "children"}]
DESK_ARRIVALS = [("centre", "ukraine", "ru", "registration"), ("centre", "other", "fa", "benefits")]


# --- request bodies, built from the app's own callback map -------------------------------
class Bodies:
    def __init__(self) -> None:
        os.environ.pop("REDIS_URL", None)  # only the callback map is needed here
        from app import app

        app.server.test_client().get("/login")  # Dash registers its callbacks on the first request
        # Only what the bodies need, as plain data: the client processes receive a copy.
        self.map = {key: {"inputs": entry["inputs"], "state": entry["state"]}
                    for key, entry in app.callback_map.items()}

    def _key(self, *fragments: str) -> str:
        keys = [k for k in self.map if all(f in k for f in fragments)]
        assert len(keys) == 1, keys
        return keys[0]

    def _plain(self, key: str, values: dict, changed: str) -> dict:
        entry = self.map[key]

        def spec(items):
            return [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

        outputs = [{"id": p.split(".")[0], "property": p.split(".")[1].split("@")[0]}
                   for p in key.strip(".").split("...")]
        return {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": spec(entry["inputs"]), "state": spec(entry["state"]), "changedPropIds": [changed]}

    def record(self, location_id: int, group: str, language: str, concern: str) -> dict:
        key = self._key("checkin-message.children..", "checkin-group.value")
        button = {"code": concern, "type": "checkin-concern"}
        return {
            "output": key,
            "outputs": [{"id": "checkin-message", "property": "children"},
                        {"id": "checkin-group", "property": "value"}, {"id": "checkin-language", "property": "value"},
                        {"id": "checkin-pending", "property": "data"}, {"id": "checkin-retry-area", "property": "hidden"},
                        {"id": "checkin-retry-text", "property": "children"}, *DESK_LISTS],
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}],
                       {"id": "checkin-retry", "property": "n_clicks", "value": None}],
            "state": [{"id": "checkin-place", "property": "value", "value": location_id},
                      {"id": "checkin-group", "property": "value", "value": group},
                      {"id": "checkin-language", "property": "value", "value": language},
                      {"id": "checkin-pending", "property": "data", "value": []}],
            "changedPropIds": [json.dumps(button, separators=(",", ":")) + ".n_clicks"],
        }

    def call_chosen(self, location_id: int, visit_id: int, waiting: list[int]) -> dict:
        """The desk presses "call" in the row of one waiting visitor (the list as it saw it)."""
        pressed = {"type": "checkin-call", "visit": visit_id, "position": waiting.index(visit_id) + 1,
                   "outcome": None, "video": False}
        return {
            "output": self._call_key(),
            "outputs": [{"id": "checkin-message", "property": "children"}, *DESK_LISTS],
            "inputs": [{"id": "checkin-call-next", "property": "n_clicks", "value": None},
                       {"id": "checkin-waiting-table", "property": "cellRendererData",
                        "value": {"value": pressed, "colId": "actions", "rowId": str(visit_id)}}],
            "state": [{"id": "checkin-place", "property": "value", "value": location_id}],
            "changedPropIds": ["checkin-waiting-table.cellRendererData"],
        }

    def _call_key(self) -> str:
        return next(k for k, e in self.map.items() if any(i["id"] == "checkin-call-next" for i in e["inputs"]))

    def finish(self, location_id: int, visit_id: int) -> dict:
        key = next(k for k, e in self.map.items()
                   if any(i["id"] == "checkin-advice-table" for i in e["inputs"]))
        pressed = {"type": "checkin-finish", "visit": visit_id, "position": 1, "outcome": "served", "video": False}
        return {
            "output": key,
            "outputs": [{"id": "checkin-message", "property": "children"}, *DESK_LISTS],
            "inputs": [{"id": "checkin-advice-table", "property": "cellRendererData",
                        "value": {"value": pressed, "colId": "actions", "rowId": str(visit_id)}}],
            "state": [{"id": "checkin-place", "property": "value", "value": location_id}],
            "changedPropIds": ["checkin-advice-table.cellRendererData"],
        }

    def queue(self, location_id: int, tick: int) -> dict:
        """The lists as the page's timer (or a change of place) redraws them."""
        return self._plain(self._key("checkin-waiting-table.rowData...", "checkin-waiting-count.children.."),
                           {"checkin-place.value": location_id, "checkin-tick.n_intervals": tick},
                           "checkin-tick.n_intervals")

    def overview(self, n: int) -> dict:
        return self._plain(self._key("overview-live.children"), {"overview-interval.n_intervals": n},
                           "overview-interval.n_intervals")


# --- clients -------------------------------------------------------------------------------
PLAIN_FIELDS = ("api_latency", "desk_latency", "overview_latency", "acked_keys", "desk_acked", "errors",
                "replay_mismatch", "started", "ended", "acked_at", "client_ends")
@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    api_latency: list = field(default_factory=list)
    desk_latency: list = field(default_factory=list)
    overview_latency: list = field(default_factory=list)
    acked_keys: set = field(default_factory=set)
    desk_acked: int = 0
    errors: int = 0
    replay_mismatch: int = 0
    acked_at: list = field(default_factory=list)  # time.monotonic() of each check-in's first acknowledgement
    client_ends: list = field(default_factory=list)  # when each client had done its check-ins
    started: float = float("inf")  # time.monotonic(), shared by the processes of one machine
    ended: float = float("-inf")

    def add(self, name: str, seconds: float) -> None:
        with self.lock:
            getattr(self, name).append(seconds * 1000)

    def plain(self) -> dict:
        return {name: getattr(self, name) for name in PLAIN_FIELDS}

    def merge(self, plain: dict) -> None:
        with self.lock:
            for name in ("api_latency", "desk_latency", "overview_latency", "acked_at", "client_ends"):
                getattr(self, name).extend(plain[name])
            self.acked_keys |= plain["acked_keys"]
            for name in ("desk_acked", "errors", "replay_mismatch"):
                setattr(self, name, getattr(self, name) + plain[name])
            self.started = min(self.started, plain["started"])
            self.ended = max(self.ended, plain["ended"])


class Connection:
    """One client's keep-alive HTTP/1.1 connection on a plain socket.

    The load generator shares the cores with the server, so it should spend as little CPU
    per request as it can: http.client's request building and header parsing cost about
    2.5 times as much as this (0.25 against 0.10 ms per request, measured on this machine).
    It speaks just what the app answers with: a status line, headers, and a body of
    Content-Length bytes or in chunks.
    """

    def __init__(self, base: str, headers: dict | None = None) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.address = (host, int(port))
        self.host_header = f"Host: {host}:{port}\r\n"
        self.headers = dict(headers or {})
        self.sock: socket.socket | None = None
        self.buffer = b""

    def request(self, method: str, path: str, body: bytes, headers: dict) -> tuple[int, dict, bytes] | None:
        """(status, response headers, body), or None when the connection failed."""
        lines = "".join(f"{name}: {value}\r\n" for name, value in {**self.headers, **headers}.items())
        head = f"{method} {path} HTTP/1.1\r\n{self.host_header}Content-Length: {len(body)}\r\n{lines}\r\n"
        try:
            self.open()
            self.sock.sendall(head.encode("latin-1") + body)
            status, answer_headers, data = self._read_answer()
        except (OSError, ValueError):
            self.close()
            return None
        if answer_headers.get("Connection", "").lower() == "close":
            self.close()
        return status, answer_headers, data

    def _read_answer(self) -> tuple[int, dict, bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self._receive()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().title()] = value.strip()
        if headers.get("Transfer-Encoding", "").lower() == "chunked":
            return status, headers, self._read_chunks()
        return status, headers, self._read_exactly(int(headers.get("Content-Length", "0")))

    def _read_exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._receive()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def _read_chunks(self) -> bytes:
        chunks = []
        while True:
            while b"\r\n" not in self.buffer:
                self._receive()
            size_line, _, self.buffer = self.buffer.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            chunk = self._read_exactly(size + 2)[:-2]  # each chunk ends with CRLF
            if size == 0:
                return b"".join(chunks)
            chunks.append(chunk)

    def _receive(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionResetError("the server closed the connection")
        self.buffer += data

    def post_json(self, path: str, body: dict, headers: dict | None = None) -> tuple[int, dict] | None:
        """(status, JSON answer or {}), or None when the connection failed."""
        answer = self.request("POST", path, json.dumps(body).encode(),
                              {"Content-Type": "application/json", **(headers or {})})
        if answer is None:
            return None
        try:
            return answer[0], json.loads(answer[2])
        except ValueError:
            return answer[0], {}

    def open(self) -> Connection:
        """Connect now rather than with the first request."""
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=30)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buffer = b""
        return self

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None
            self.buffer = b""


def signed_in(base: str, login: str) -> Connection:
    """A connection carrying the session cookie of a dashboard user."""
    connection = Connection(base)
    form = urllib.parse.urlencode({"login": login, "password": PASSWORD}).encode()
    answer = connection.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
    if answer is None or answer[0] not in (302, 303):
        raise RuntimeError(f"login {login} failed: {answer[0] if answer else 'no answer'}")
    cookie = http.cookies.SimpleCookie(answer[1].get("Set-Cookie", ""))
    connection.headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in cookie.items())
    return connection


def api_client(base: str, token: str, count: int, tally: Tally, deadline: float, rng: random.Random,
               start_at: float) -> None:
    connection = Connection(base, {"Authorization": f"Bearer {token}"}).open()
    _wait_until(start_at)
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        key = str(uuid.uuid4())
        location, group, language, concern = rng.choice(ARRIVALS)
        body = {"location": location, "target_group": group, "language": language, "concern": concern}
        first_id = None
        for attempt in range(2):
            started = time.perf_counter()
            answer = connection.post_json("/api/v1/visits", body, {"Idempotency-Key": key})
            tally.add("api_latency", time.perf_counter() - started)
            if answer is None or answer[0] not in (200, 201):
                with tally.lock:
                    tally.errors += 1
                continue  # the retry below is what a ticket machine does
            visit_id = answer[1]["id"]
            with tally.lock:
                if key not in tally.acked_keys:
                    tally.acked_at.append(time.monotonic())
                tally.acked_keys.add(key)
                if first_id is not None and visit_id != first_id:
                    tally.replay_mismatch += 1
            first_id = first_id or visit_id
            if attempt == 0 and rng.random() >= RETRY_SHARE:
                break
    connection.close()


def desk_client(base: str, bodies: Bodies, locations: dict, count: int, tally: Tally, deadline: float,
                rng: random.Random, start_at: float) -> None:
    """A reception desk, as the check-in page works: records an arrival, calls one of the
    first waiting visitors of the list that came back with it and finishes the consultation
    of the visitor it called (every action answers with the place's lists). Several desks
    share one place, as at the centre: when two pick the same visitor, one is told so, with
    the lists as they are now, and picks again from those."""
    connection = signed_in(base, "empfang")
    _wait_until(start_at)

    def post(body: dict) -> dict | None:
        answer = connection.post_json("/_dash-update-component", body)
        if answer is None or answer[0] != 200:
            with tally.lock:
                tally.errors += 1
            return None
        return answer[1]

    for n in range(count):
        if time.monotonic() > deadline:
            return
        location, group, language, concern = rng.choice(DESK_ARRIVALS)
        place = locations[location]
        started = time.perf_counter()
        answer = post(bodies.record(place, group, language, concern))
        tally.add("desk_latency", time.perf_counter() - started)
        with tally.lock:
            if _message_colour(answer) == "success":
                tally.desk_acked += 1
                tally.acked_at.append(time.monotonic())
            elif answer is not None:
                tally.errors += 1
        for _attempt in range(3):  # another desk may call the same visitor first: pick again
            waiting = [row["visit"] for row in _response(answer, "checkin-waiting-table", "rowData") or []]
            if not waiting:
                break
            chosen = waiting[rng.randrange(min(3, len(waiting)))]
            answer = post(bodies.call_chosen(place, chosen, waiting))
            if _message_colour(answer) == "success":
                post(bodies.finish(place, chosen))
                break


def _message_colour(answer: dict | None) -> str | None:
    """The colour of the desk's message: success, or why not (danger, warning, info)."""
    message = _response(answer, "checkin-message", "children")
    return message.get("props", {}).get("color") if isinstance(message, dict) else None


def _response(answer: dict | None, component: str, prop: str):
    """One output of a Dash callback's answer, or None."""
    try:
        return answer["response"][component][prop] if answer is not None else None
    except (KeyError, TypeError):
        return None


def overview_client(base: str, bodies: Bodies, tally: Tally, stop: threading.Event, start_at: float) -> None:
    connection = signed_in(base, "leitung")
    _wait_until(start_at)
    n = 0
    while not stop.is_set():
        n += 1
        started = time.perf_counter()
        answer = connection.post_json("/_dash-update-component", bodies.overview(n))
        tally.add("overview_latency", time.perf_counter() - started)
        if answer is None or answer[0] != 200:
            with tally.lock:
                tally.errors += 1
        stop.wait(OVERVIEW_PAUSE_S)
    connection.close()


def warm_up(base: str, token: str, bodies: Bodies, locations: dict) -> None:
    """First requests register callbacks and fill per-process caches: not part of the load.

    Several rounds, each request on a new connection so that each of production mode's
    workers most likely serves some; the warm-up's visits carry keys of their own and are
    not counted.
    """
    desk, watcher = signed_in(base, "empfang").headers, signed_in(base, "leitung").headers
    arrival = dict(zip(("location", "target_group", "language", "concern"), ARRIVALS[0]))
    for n in range(8):
        for headers, path, body in (
            ({"Authorization": f"Bearer {token}", "Idempotency-Key": f"warm-up-{n}"}, "/api/v1/visits", arrival),
            (desk, "/_dash-update-component", bodies.queue(locations["centre"], n)),
            (watcher, "/_dash-update-component", bodies.overview(n + 1)),
        ):
            connection = Connection(base, headers)
            connection.post_json(path, body)
            connection.close()


# --- one mode ------------------------------------------------------------------------------
def _wait_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def _started() -> int:
    return os.getpid()


def _start(pool: ProcessPoolExecutor, processes: int) -> None:
    """Every process of the pool started, its imports done."""
    for future in [pool.submit(_started) for _ in range(processes)]:
        future.result()


def client_group(base: str, token: str, bodies: Bodies, locations: dict, indices: list[int], per_client: int,
                 deadline: float, start_at: float) -> dict:
    """The clients of one load-generating process, each a thread; their tally as plain data.

    The clients run in several processes so that their own work (one interpreter lock per
    process) does not show up as server latency."""
    tally = Tally()
    threads = [
        threading.Thread(target=desk_client if i % DESK_EVERY == 0 else api_client,
                         args=((base, bodies, locations) if i % DESK_EVERY == 0 else (base, token))
                         + (per_client, tally, deadline, random.Random(i), start_at))
        for i in indices
    ]
    for thread in threads:
        thread.start()
    # Every client has connected (and a desk signed in) before the common start: the
    # figures are about check-ins, not about fifty TCP handshakes in the same millisecond.
    tally.started = max(start_at, time.monotonic())
    for thread in threads:
        thread.join()
        tally.client_ends.append(time.monotonic())
    tally.ended = time.monotonic()
    return tally.plain()


def run_mode(mode_db: str, bodies: Bodies, clients: int, per_client: int, workers: int,
             max_seconds: float, processes: int = 2, with_queue: bool = True, import_rows: int = 0) -> dict:
    from data_access.db import dispose_engines, session_scope
    from data_access.repositories import CheckinRepository, TokenRepository
    from data_access.repositories.ledger import VisitLedger

    mode, kind = mode_db.split("-")
    started = f"{dt.datetime.now(dt.timezone.utc):%H:%M} UTC"
    database = fresh_database(kind)
    server = Server(mode, database.url, workers)
    try:
        with session_scope(database.url) as session:
            device, token = TokenRepository(session).create_device_token("Lasttest", "bench")
            device_id = device.id
            locations = {code: CheckinRepository(session).location_by_code(code).id for code in ("infopoint", "centre")}
            queue_setup = load_queue.set_up(session, locations)
        server.wait_ready()
        warm_up(server.url, token, bodies, locations)
        tally, queue_tally = Tally(), load_queue.QueueTally()
        since = clock.now()
        issuer = Connection(server.url, {"Authorization": f"Bearer {token}"})
        status_keys, status_pages = load_queue.issue_status_tickets(
            issuer, token, ARRIVALS, load_queue.STATUS_PAGES if with_queue else 0)
        issuer.close()
        deadline = time.monotonic() + max_seconds
        stop = threading.Event()
        groups = [list(range(p, clients, processes)) for p in range(processes)]
        cpu_before = (server.cpu_seconds(), database.backend_cpu_seconds())
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
            # The client processes start (each imports this module) before anything is timed:
            # two interpreters starting took the cores for two seconds, and a display poll of
            # the queue, which began at once, waited that long (a call seen after 3 s).
            _start(pool, processes)
            start_at = queue_began = time.monotonic() + CLIENT_START_SECONDS
            watcher = threading.Thread(target=overview_client, args=(server.url, bodies, tally, stop, start_at))
            watcher.start()
            queue_threads = (load_queue.start(lambda: Connection(server.url), signed_in, server.url, bodies.map,
                                              queue_setup, status_pages, queue_tally, stop, start_at)
                             if with_queue else [])
            importer = load_import.ImportRun(server.url, import_rows, PASSWORD, start_at) if import_rows else None
            if importer:
                importer.start()  # the admin's large import, in the same minute as the check-ins
            futures = [pool.submit(client_group, server.url, token, bodies, locations, group, per_client,
                                   deadline + CLIENT_START_SECONDS, start_at)
                       for group in groups if group]
            for future in futures:
                tally.merge(future.result())
        cpu_after = (server.cpu_seconds(), database.backend_cpu_seconds())
        elapsed = tally.ended - tally.started
        if importer:
            importer.join()
        # The queue's clients go on (without new check-ins) until each status page polled twice.
        if with_queue:
            stop.wait(max(0.0, queue_began + load_queue.QUEUE_MIN_SECONDS - time.monotonic()))
        stop.set()
        watcher.join()
        for thread in queue_threads:
            thread.join(load_queue.STATUS_POLL_S + 5)
        with session_scope(database.url) as session:
            ledger = VisitLedger(session)
            rows = ledger.rows_by_key(device_id)
            desk_rows = ledger.desk_arrivals_since(since)
            tickets_missing = load_queue.tickets_missing(session, since)
    finally:
        server.stop()
        dispose_engines()
        database.drop()
    rows = {key: n for key, n in rows.items() if not key.startswith("warm-up-")}
    tally.acked_keys |= status_keys  # the status pages' check-ins count as any other
    api_stored = sum(1 for key in tally.acked_keys if rows.get(key, 0) >= 1)
    acknowledged = len(tally.acked_keys) + tally.desk_acked
    checkins = tally.api_latency + tally.desk_latency
    return {
        "mode": mode, "database": kind, "clients": clients, "per_client": per_client, "started": started,
        "acknowledged": acknowledged,
        "stored": api_stored + min(desk_rows, tally.desk_acked),
        "lost": (len(tally.acked_keys) - api_stored) + max(0, tally.desk_acked - desk_rows),
        "duplicated": sum(n - 1 for n in rows.values() if n > 1) + max(0, desk_rows - tally.desk_acked)
        + tally.replay_mismatch,
        "errors": tally.errors + queue_tally.errors + ((load_queue.STATUS_PAGES - len(status_pages)) if with_queue else 0),
        "throughput": round((acknowledged - len(status_keys)) / elapsed, 1),
        # While every client still runs: the rate the server sustains under the full load
        # (later, the last clients finish alone and the rate says more about them).
        "throughput_all_running": _rate_while_all_run(tally),
        "p50_ms": _pct(checkins, 50), "p95_ms": _pct(checkins, 95),
        "api_p95_ms": _pct(tally.api_latency, 95), "desk_p95_ms": _pct(tally.desk_latency, 95),
        "overview_p95_ms": _pct(tally.overview_latency, 95), "overview_requests": len(tally.overview_latency),
        "seconds": round(elapsed, 1), "workers": workers if mode == "production" else 1,
        # The walk-in queue beside the check-ins (bench/load_queue.py).
        "call_to_display_p95_s": (round(float(np.percentile(queue_tally.display_latency, 95)), 2)
                                  if queue_tally.display_latency else None),
        "calls": queue_tally.calls, "calls_seen": len(queue_tally.display_latency),
        "display_polls": queue_tally.display_polls, "status_polls": queue_tally.status_polls,
        "queue_errors": queue_tally.errors, "queue_error_kinds": queue_tally.error_kinds,
        "tickets_missing": tickets_missing,
        # CPU per acknowledged check-in while the clients ran (everything the server did meanwhile,
        # the queue's and the Overview's requests included): steadier than latencies on a shared machine.
        "web_cpu_ms_per_checkin": _per_checkin(cpu_before[0], cpu_after[0], acknowledged - len(status_keys)),
        "db_cpu_ms_per_checkin": _per_checkin(cpu_before[1], cpu_after[1], acknowledged - len(status_keys)),
        **(importer.figures(tally.started, tally.ended) if importer else {}),
    }


def _per_checkin(before: float | None, after: float | None, checkins: int) -> float | None:
    if before is None or after is None or checkins <= 0:
        return None
    return round((after - before) * 1000 / checkins, 2)


def _rate_while_all_run(tally: Tally) -> float | None:
    first_done = min(tally.client_ends, default=None)
    if first_done is None or first_done <= tally.started:
        return None
    return round(sum(1 for at in tally.acked_at if at <= first_done) / (first_done - tally.started), 1)


def _pct(values: list, q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


# --- report --------------------------------------------------------------------------------
def table(results: list[dict]) -> str:
    head = ("| started | mode | database | clients × check-ins | acknowledged | stored | lost | duplicated | errors "
            "| check-ins/s (all clients running / whole run) | p50 ms | p95 ms (API / desk) | Overview p95 ms (n) "
            "| call → display p95 s (calls seen / made) | status polls | display polls | arrivals without ticket "
            "| CPU ms per check-in (web / database) |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    if any("import_rows" in r for r in results):
        head = head.replace(" |\n|", " | import (rows, s, overlap s, status) |\n|", 1) + "---|"
    lines = [
        f"| {r['started']} | {r['mode']}{' (' + str(r['workers']) + ' workers)' if r['mode'] == 'production' else ''} "
        f"| {r['database']} | {r['clients']} × {r['per_client']} | {r['acknowledged']} | {r['stored']} | {r['lost']} "
        f"| {r['duplicated']} | {r['errors']} | {r['throughput_all_running']} / {r['throughput']} | {r['p50_ms']} "
        f"| {r['p95_ms']} ({r['api_p95_ms']} / {r['desk_p95_ms']}) | {r['overview_p95_ms']} ({r['overview_requests']}) "
        f"| {r['call_to_display_p95_s']} ({r['calls_seen']} / {r['calls']}) | {r['status_polls']} "
        f"| {r['display_polls']} | {r['tickets_missing']} "
        f"| {r.get('web_cpu_ms_per_checkin')} / {r.get('db_cpu_ms_per_checkin')} |"
        + (f" {r['import_rows']}, {r['import_seconds']}, {r['import_overlap_s']}, "
           f"{r['import_status'] or r['import_error']} |" if "import_rows" in r else "")
        for r in results
    ]
    return "\n".join([head, *lines, *_medians(results, head.split("\n")[0].count("|") - 1)])


def _medians(results: list[dict], columns: int) -> list[str]:
    """One line per mode and database run several times (--repeat): the median of each figure
    that varies with the machine's load, so that one lucky or unlucky run does not decide."""
    lines = []
    for mode, database in dict.fromkeys((r["mode"], r["database"]) for r in results):
        runs = [r for r in results if (r["mode"], r["database"]) == (mode, database)]
        if len(runs) < 2:
            continue

        def med(key, runs=runs):
            values = [r[key] for r in runs if r.get(key) is not None]
            return round(float(np.median(values)), 2 if key.endswith("_s") else 1) if values else None

        cells = [f"median of {len(runs)}", mode, database, "", "", "", str(sum(r["lost"] for r in runs)),
                 str(sum(r["duplicated"] for r in runs)), str(sum(r["errors"] for r in runs)),
                 f"{med('throughput_all_running')} / {med('throughput')}", str(med("p50_ms")),
                 f"**{med('p95_ms')}** ({med('api_p95_ms')} / {med('desk_p95_ms')})", str(med("overview_p95_ms")),
                 str(med("call_to_display_p95_s")), "", "", "",
                 f"{med('web_cpu_ms_per_checkin')} / {med('db_cpu_ms_per_checkin')}"]
        lines.append("| " + " | ".join(cells + [""] * (columns - len(cells))) + " |")
    return lines


def machine_note() -> str:
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores, load average {load[0]:.1f} at the start (shared with other work); "
            f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=200)
    parser.add_argument("--modes", default=",".join(DEFAULT_MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--max-seconds", type=float, default=300.0, help="bound of each mode's load phase")
    parser.add_argument("--client-processes", type=int, default=2,
                        help="processes the clients are spread over (threads within each)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each mode this many times (a shared machine's speed varies from run to run)")
    parser.add_argument("--no-queue", dest="queue", action="store_false",
                        help="check-ins only, without the queue's displays, status pages and desks (to compare)")
    parser.add_argument("--import-rows", type=int, default=0,
                        help="an admin imports this many visits through /admin/import while the check-ins run")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-write", "--no-docs", dest="no_docs", action="store_true",
                        help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown modes: {sorted(unknown)}")
    if any(m.endswith("postgresql") for m in modes) and (reason := postgres_reachable()):
        print(f"PostgreSQL not reachable ({reason}): its modes are left out", file=sys.stderr)
        modes = [m for m in modes if not m.endswith("postgresql")]
    note = machine_note()
    bodies = Bodies()
    results = []
    for mode in [m for m in modes for _ in range(max(1, args.repeat))]:
        result = run_mode(mode, bodies, args.clients, args.per_client, args.workers, args.max_seconds,
                          args.client_processes, args.queue, args.import_rows)
        results.append(result)
        if args.json:
            print(json.dumps(result), flush=True)
    text = table(results)
    if not args.json:
        print(text)
    if not args.no_docs:
        write_section("load", _section(text, args, note))
    failed = any(r["lost"] or r["duplicated"] or r["tickets_missing"] or r.get("import_error")
                 or r.get("import_status", 200) != 200 for r in results)
    return 1 if failed else 0


def _section(text: str, args, note: str) -> str:
    return (
        "## Load: concurrent check-ins, nothing lost or doubled (`python -m bench.load`)\n\n"
        f"`python -m bench.load --clients {args.clients} --per-client {args.per_client}`; {note}. "
        "Nine in ten clients are ticket machines posting to `POST /api/v1/visits` at the Infopoint "
        "(one post in ten sent again with the same `Idempotency-Key`), one in ten is a reception desk "
        "at the service centre using the check-in page's callbacks (record, call one of the first three "
        "waiting of the list that came back with it, finish that consultation; each answer carries the "
        "place's lists), each client without pause; meanwhile "
        "leadership refreshes the Overview every 0.5 s. The walk-in queue runs beside them "
        f"(`bench/load_queue.py`): at each of the 2 places 2 call displays poll every {load_queue.DISPLAY_POLL_S:g} s "
        "as the display page does, and a desk calls the "
        "next number every 3 s on the desk page (and finishes it), and 100 visitors' status pages, of tickets "
        "issued through the API at the start, poll every 10 s; the queue's clients run at least "
        f"{load_queue.QUEUE_MIN_SECONDS:.0f} s. Call → display is from the desk's acknowledged call to the first "
        "display poll showing it. Counted afterwards in the database: every "
        "acknowledged check-in stored exactly once, every arrival with its ticket. Targets: 0 lost, duplicated "
        "and errors; call → display p95 under 3 s; check-in p95 under 100 ms in production mode on PostgreSQL "
        "(`--no-queue` runs the check-ins alone, to compare). Latencies are per request as the clients see them; "
        f"the clients are threads in {args.client_processes} processes on the same 2 cores as the server "
        "and the database.\n\n" + text
    )


if __name__ == "__main__":
    sys.exit(main())
