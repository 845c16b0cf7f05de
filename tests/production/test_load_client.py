"""The load benchmark's plain-socket HTTP client: lengths, chunks, keep-alive and a closed connection."""

from __future__ import annotations

import socket
import threading

from bench.load import Connection

ANSWERS = [
    b"HTTP/1.1 201 CREATED\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"id\": 7}",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nset-cookie: s=1\r\n\r\n"
    b"4\r\n{\"a\"\r\n4;x=y\r\n: 1}\r\n0\r\n\r\n",
    b"HTTP/1.1 503 SERVICE UNAVAILABLE\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
]


def _serve(listener: socket.socket, requests: list[bytes]) -> None:
    sock, _ = listener.accept()
    for answer in ANSWERS:
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
        while len(body) < length:
            body += sock.recv(65536)
        requests.append(head + b"\r\n\r\n" + body)
        sock.sendall(answer)
    sock.close()


def test_one_connection_reads_answers_by_length_and_by_chunks_until_the_server_closes_it():
    listener = socket.create_server(("127.0.0.1", 0))
    requests: list[bytes] = []
    server = threading.Thread(target=_serve, args=(listener, requests))
    server.start()
    connection = Connection(f"http://127.0.0.1:{listener.getsockname()[1]}", {"Authorization": "Bearer t"}).open()

    assert connection.post_json("/api/v1/visits", {"location": "centre"}) == (201, {"id": 7})
    status, headers, body = connection.request("GET", "/x", b"", {})
    assert (status, headers["Set-Cookie"], body) == (200, "s=1", b'{"a": 1}')
    assert connection.post_json("/y", {}) == (503, {})
    assert connection.sock is None  # "Connection: close" is honoured
    server.join(5)
    listener.close()

    assert requests[0].startswith(b"POST /api/v1/visits HTTP/1.1\r\n")
    assert b"Authorization: Bearer t\r\n" in requests[0] and requests[0].endswith(b'{"location": "centre"}')
    assert b"Content-Length: 0\r\n" in requests[1]


def test_a_connection_the_server_closed_answers_none():
    listener = socket.create_server(("127.0.0.1", 0))
    closer = threading.Thread(target=lambda: listener.accept()[0].close())
    closer.start()
    connection = Connection(f"http://127.0.0.1:{listener.getsockname()[1]}").open()
    closer.join(5)
    assert connection.post_json("/api/v1/visits", {}) is None
    assert connection.sock is None
    listener.close()
