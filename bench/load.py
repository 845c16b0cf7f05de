"""Load on loopback: concurrent check-ins through the API and the desk, nothing lost or doubled.

    python -m bench.load [--clients 50] [--per-client 20] [--modes embedded-sqlite,...]
                         [--workers 2] [--max-seconds 120] [--json] [--no-docs]

For each mode and database (embedded = `python app.py`, one process; production =
gunicorn with --workers workers; SQLite or PostgreSQL, each a fresh database with a small
demo history) it starts the server, creates a device token, and runs --clients clients
at once, each doing --per-client check-ins: nine in ten clients post to
POST /api/v1/visits (one post in ten is sent again with the same Idempotency-Key, as a
ticket machine does after a timeout), one in ten is a reception desk recording arrivals
through the check-in page's callbacks (record, call the next, redraw, finish). Meanwhile a
leadership client keeps refreshing the Overview. Afterwards it counts the rows: every
acknowledged check-in must be stored exactly once (lost, duplicated).

Everything goes to 127.0.0.1 only, bounded by count and by --max-seconds per mode.
Prints a table (or one JSON object per mode and database with --json: mode, database,
clients, acknowledged, stored, lost, duplicated, errors, throughput, p50_ms, p95_ms,
overview_p95_ms) and writes the table into docs/benchmarks.md between
<!-- load:begin --> and <!-- load:end -->.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import requests

from bench.docs import write_section
from bench.load_servers import Server, fresh_database, postgres_reachable

MODES = ("embedded-sqlite", "embedded-postgresql", "production-sqlite", "production-postgresql")
DEFAULT_MODES = MODES
DESK_EVERY = 10  # one client in ten is a reception desk, the others ticket machines
RETRY_SHARE = 0.1  # posts sent a second time with the same Idempotency-Key
OVERVIEW_PAUSE_S = 0.5
PASSWORD = "migrado-demo"
# Ticket machines check in at the Infopoint; the desks work the service centre's queue
# (record, call the next, finish), so that a desk's list stays as short as a real one.
ARRIVALS = [("infopoint", "ukraine", "uk", "orientation"), ("infopoint", "other", "ar", "residence")]
DESK_ARRIVALS = [("centre", "ukraine", "ru", "registration"), ("centre", "other", "fa", "benefits")]


# --- request bodies, built from the app's own callback map -------------------------------
class Bodies:
    def __init__(self) -> None:
        os.environ.pop("REDIS_URL", None)  # only the callback map is needed here
        from app import app

        app.server.test_client().get("/login")  # Dash registers its callbacks on the first request
        self.map = app.callback_map

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
            "outputs": [{"id": "checkin-message", "property": "children"}, {"id": "checkin-changed", "property": "data"},
                        {"id": "checkin-group", "property": "value"}, {"id": "checkin-language", "property": "value"}],
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
            "state": [{"id": "checkin-place", "property": "value", "value": location_id},
                      {"id": "checkin-group", "property": "value", "value": group},
                      {"id": "checkin-language", "property": "value", "value": language},
                      {"id": "checkin-changed", "property": "data", "value": 0}],
            "changedPropIds": [json.dumps(button, separators=(",", ":")) + ".n_clicks"],
        }

    def call_next(self, location_id: int) -> dict:
        key = next(k for k, e in self.map.items()
                   if any(i["id"] == "checkin-call-next" for i in e["inputs"]))
        return {
            "output": key,
            "outputs": [{"id": "checkin-message", "property": "children"}, {"id": "checkin-changed", "property": "data"}],
            "inputs": [{"id": "checkin-call-next", "property": "n_clicks", "value": 1}, [], []],
            "state": [{"id": "checkin-place", "property": "value", "value": location_id},
                      {"id": "checkin-changed", "property": "data", "value": 0}],
            "changedPropIds": ["checkin-call-next.n_clicks"],
        }

    def finish(self, visit_id: int) -> dict:
        key = next(k for k, e in self.map.items()
                   if any('"checkin-finish"' in str(i["id"]) for i in e["inputs"]))  # pattern ids are JSON
        button = {"outcome": "served", "type": "checkin-finish", "visit": visit_id}
        return {
            "output": key,
            "outputs": [{"id": "checkin-message", "property": "children"}, {"id": "checkin-changed", "property": "data"}],
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
            "state": [[{"id": {"type": "checkin-video", "visit": visit_id}, "property": "value", "value": False}],
                      {"id": "checkin-changed", "property": "data", "value": 0}],
            "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
        }

    def queue(self, location_id: int, changed: int) -> dict:
        return self._plain(self._key("checkin-waiting.children"),
                           {"checkin-place.value": location_id, "checkin-changed.data": changed},
                           "checkin-changed.data")

    def overview(self, n: int) -> dict:
        return self._plain(self._key("overview-live.children"), {"overview-interval.n_intervals": n},
                           "overview-interval.n_intervals")


# --- clients -------------------------------------------------------------------------------
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

    def add(self, name: str, seconds: float) -> None:
        with self.lock:
            getattr(self, name).append(seconds * 1000)


def _login(base: str, login: str) -> requests.Session:
    session = requests.Session()
    answer = session.post(base + "/login", data={"login": login, "password": PASSWORD}, allow_redirects=False)
    if answer.status_code not in (302, 303):
        raise RuntimeError(f"login {login} failed: {answer.status_code}")
    return session


class ApiConnection:
    """One ticket machine's keep-alive connection: plain http.client, so that the load
    generator, which shares the cores with the server, spends little CPU per request."""

    def __init__(self, base: str, token: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.address = (host, int(port))
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.connection: http.client.HTTPConnection | None = None

    def post(self, body: dict, key: str) -> tuple[int, dict] | None:
        """(status, JSON answer), or None when the connection failed."""
        payload = json.dumps(body).encode()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(*self.address, timeout=30)
            self.connection.request("POST", "/api/v1/visits", payload, {**self.headers, "Idempotency-Key": key})
            answer = self.connection.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException):
            self.close()
            return None
        if answer.will_close:
            self.close()
        try:
            return answer.status, json.loads(data)
        except ValueError:
            return answer.status, {}

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def api_client(base: str, token: str, count: int, tally: Tally, deadline: float, rng: random.Random) -> None:
    connection = ApiConnection(base, token)
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        key = str(uuid.uuid4())
        location, group, language, concern = rng.choice(ARRIVALS)
        body = {"location": location, "target_group": group, "language": language, "concern": concern}
        first_id = None
        for attempt in range(2):
            started = time.perf_counter()
            answer = connection.post(body, key)
            tally.add("api_latency", time.perf_counter() - started)
            if answer is None or answer[0] not in (200, 201):
                with tally.lock:
                    tally.errors += 1
                continue  # the retry below is what a ticket machine does
            visit_id = answer[1]["id"]
            with tally.lock:
                tally.acked_keys.add(key)
                if first_id is not None and visit_id != first_id:
                    tally.replay_mismatch += 1
            first_id = first_id or visit_id
            if attempt == 0 and rng.random() >= RETRY_SHARE:
                break
    connection.close()


def desk_client(base: str, bodies: Bodies, locations: dict, count: int, tally: Tally, deadline: float,
                rng: random.Random) -> None:
    """A reception desk: records an arrival, calls the next visitor, redraws, finishes."""
    session = _login(base, "empfang")

    def post(body: dict) -> requests.Response | None:
        try:
            answer = session.post(base + "/_dash-update-component", json=body, timeout=30)
        except requests.RequestException:
            answer = None
        if answer is None or answer.status_code != 200:
            with tally.lock:
                tally.errors += 1
            return None
        return answer

    for n in range(count):
        if time.monotonic() > deadline:
            return
        location, group, language, concern = rng.choice(DESK_ARRIVALS)
        place = locations[location]
        started = time.perf_counter()
        answer = post(bodies.record(place, group, language, concern))
        tally.add("desk_latency", time.perf_counter() - started)
        try:
            ok = answer is not None and answer.json()["response"]["checkin-changed"]["data"] == 1
        except (ValueError, KeyError):
            ok = False
        with tally.lock:
            if ok:
                tally.desk_acked += 1
            elif answer is not None:
                tally.errors += 1
        post(bodies.call_next(place))
        shown = post(bodies.queue(place, n + 1))
        try:
            in_advice = shown.json()["response"]["checkin-shown"]["data"][2] if shown is not None else []
        except (ValueError, KeyError, IndexError, TypeError):
            in_advice = []
        if in_advice:
            post(bodies.finish(in_advice[0]))


def overview_client(base: str, bodies: Bodies, tally: Tally, stop: threading.Event) -> None:
    session = _login(base, "leitung")
    n = 0
    while not stop.is_set():
        n += 1
        started = time.perf_counter()
        answer = session.post(base + "/_dash-update-component", json=bodies.overview(n), timeout=30)
        tally.add("overview_latency", time.perf_counter() - started)
        if answer.status_code != 200:
            with tally.lock:
                tally.errors += 1
        stop.wait(OVERVIEW_PAUSE_S)


def warm_up(base: str, token: str, bodies: Bodies, locations: dict) -> None:
    """First requests register callbacks and fill per-process caches: not part of the load.

    Several rounds, so that each of production mode's workers has most likely served one;
    the warm-up's visits carry keys of their own and are not counted.
    """
    desk, watcher = _login(base, "empfang"), _login(base, "leitung")
    for n in range(6):
        requests.post(base + "/api/v1/visits", json=dict(zip(("location", "target_group", "language", "concern"),
                                                               ARRIVALS[0])),
                      headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"warm-up-{n}"}, timeout=60)
        desk.post(base + "/_dash-update-component", json=bodies.queue(locations["centre"], n), timeout=60)
        desk.post(base + "/_dash-update-component", json=bodies.call_next(locations["centre"]), timeout=60)
        watcher.post(base + "/_dash-update-component", json=bodies.overview(n + 1), timeout=60)


# --- one mode ------------------------------------------------------------------------------
def run_mode(mode_db: str, bodies: Bodies, clients: int, per_client: int, workers: int,
             max_seconds: float) -> dict:
    from data_access.db import dispose_engines, session_scope
    from data_access.repositories import CheckinRepository, TokenRepository
    from data_access.repositories.ledger import VisitLedger

    mode, kind = mode_db.split("-")
    database = fresh_database(kind)
    server = Server(mode, database.url, workers)
    try:
        with session_scope(database.url) as session:
            device, token = TokenRepository(session).create_device_token("Lasttest", "bench")
            device_id = device.id
            locations = {code: CheckinRepository(session).location_by_code(code).id for code in ("infopoint", "centre")}
        server.wait_ready()
        warm_up(server.url, token, bodies, locations)
        tally = Tally()
        since = dt.datetime.now().replace(microsecond=0)
        deadline = time.monotonic() + max_seconds
        stop = threading.Event()
        watcher = threading.Thread(target=overview_client, args=(server.url, bodies, tally, stop))
        threads = [
            threading.Thread(target=desk_client if i % DESK_EVERY == 0 else api_client,
                             args=((server.url, bodies, locations) if i % DESK_EVERY == 0 else (server.url, token))
                             + (per_client, tally, deadline, random.Random(i)))
            for i in range(clients)
        ]
        watcher.start()
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        stop.set()
        watcher.join()
        with session_scope(database.url) as session:
            ledger = VisitLedger(session)
            rows = ledger.rows_by_key(device_id)
            desk_rows = ledger.desk_arrivals_since(since)
    finally:
        server.stop()
        dispose_engines()
        database.drop()
    rows = {key: n for key, n in rows.items() if not key.startswith("warm-up-")}
    api_stored = sum(1 for key in tally.acked_keys if rows.get(key, 0) >= 1)
    acknowledged = len(tally.acked_keys) + tally.desk_acked
    checkins = tally.api_latency + tally.desk_latency
    return {
        "mode": mode, "database": kind, "clients": clients, "per_client": per_client,
        "acknowledged": acknowledged,
        "stored": api_stored + min(desk_rows, tally.desk_acked),
        "lost": (len(tally.acked_keys) - api_stored) + max(0, tally.desk_acked - desk_rows),
        "duplicated": sum(n - 1 for n in rows.values() if n > 1) + max(0, desk_rows - tally.desk_acked)
        + tally.replay_mismatch,
        "errors": tally.errors,
        "throughput": round(acknowledged / elapsed, 1),
        "p50_ms": _pct(checkins, 50), "p95_ms": _pct(checkins, 95),
        "api_p95_ms": _pct(tally.api_latency, 95), "desk_p95_ms": _pct(tally.desk_latency, 95),
        "overview_p95_ms": _pct(tally.overview_latency, 95), "overview_requests": len(tally.overview_latency),
        "seconds": round(elapsed, 1), "workers": workers if mode == "production" else 1,
    }


def _pct(values: list, q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


# --- report --------------------------------------------------------------------------------
def table(results: list[dict]) -> str:
    head = ("| mode | database | clients × check-ins | acknowledged | stored | lost | duplicated | errors "
            "| check-ins/s | p50 ms | p95 ms (API / desk) | Overview p95 ms (n) |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|")
    lines = [
        f"| {r['mode']}{' (' + str(r['workers']) + ' workers)' if r['mode'] == 'production' else ''} "
        f"| {r['database']} | {r['clients']} × {r['per_client']} | {r['acknowledged']} | {r['stored']} | {r['lost']} "
        f"| {r['duplicated']} | {r['errors']} | {r['throughput']} | {r['p50_ms']} "
        f"| {r['p95_ms']} ({r['api_p95_ms']} / {r['desk_p95_ms']}) | {r['overview_p95_ms']} ({r['overview_requests']}) |"
        for r in results
    ]
    return "\n".join([head, *lines])


def machine_note() -> str:
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores, load average {load[0]:.1f} at the start (shared with other work); "
            f"{dt.datetime.now():%Y-%m-%d %H:%M}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=20)
    parser.add_argument("--modes", default=",".join(DEFAULT_MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--max-seconds", type=float, default=120.0, help="bound of each mode's load phase")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-docs", action="store_true")
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
    for mode in modes:
        result = run_mode(mode, bodies, args.clients, args.per_client, args.workers, args.max_seconds)
        results.append(result)
        if args.json:
            print(json.dumps(result), flush=True)
    text = table(results)
    if not args.json:
        print(text)
    if not args.no_docs:
        write_section("load", _section(text, args, note))
    failed = any(r["lost"] or r["duplicated"] for r in results)
    return 1 if failed else 0


def _section(text: str, args, note: str) -> str:
    return (
        "## Load: concurrent check-ins, nothing lost or doubled (`python -m bench.load`)\n\n"
        f"`python -m bench.load --clients {args.clients} --per-client {args.per_client}`; {note}. "
        "Nine in ten clients are ticket machines posting to `POST /api/v1/visits` at the Infopoint "
        "(one post in ten sent again with the same `Idempotency-Key`), one in ten is a reception desk "
        "at the service centre using the check-in page's callbacks (record, call the next, redraw the "
        "lists, finish); meanwhile leadership refreshes the Overview every 0.5 s. "
        "Counted afterwards in the database: every acknowledged check-in stored exactly once. "
        "Latencies are per request, client and server on the same 2 cores.\n\n" + text
    )


if __name__ == "__main__":
    sys.exit(main())
