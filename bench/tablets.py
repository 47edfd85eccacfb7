"""A tablet for the benchmarks: a WebSocket client of /api/v1/events that notes when each
take.updated event arrives, by the notes text the mark carried."""
import base64
import json
import os
import socket
import threading
import time


class Tablet(threading.Thread):
    """A WebSocket client that notes when each take.updated event arrives, by its notes text."""

    def __init__(self, port, token, arrivals):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /api/v1/events HTTP/1.1\r\nHost: b\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           f"Authorization: Bearer {token}\r\n"
                           f"Sec-WebSocket-Version: 13\r\n\r\n").encode())
        header = b""
        while b"\r\n\r\n" not in header:
            header += self.sock.recv(1)
        self.buffer = b""
        self.arrivals = arrivals

    def read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def run(self):
        try:
            while True:
                first, second = self.read(2)
                length = second & 0x7F
                if length == 126:
                    length = int.from_bytes(self.read(2), "big")
                elif length == 127:
                    length = int.from_bytes(self.read(8), "big")
                payload = self.read(length)
                if first & 0x0F != 1:
                    continue
                now = time.monotonic()
                message = json.loads(payload)
                if message.get("kind") == "take.updated":
                    self.arrivals.setdefault(message["payload"]["changes"]["notes"], []).append(now)
        except (EOFError, OSError):
            pass
