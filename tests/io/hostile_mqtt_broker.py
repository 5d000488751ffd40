#!/usr/bin/env python3
"""A hostile MQTT 3.1.1 broker over TLS for the exporter's tests (loopback only).

Speaks just enough MQTT: CONNACK to every CONNECT, PINGRESP to PINGREQ, and on SUBSCRIBE either
  --mode huge:      a SUBACK, then a PUBLISH whose remaining length announces --announce bytes,
                    followed by as many bytes as the client takes (up to --announce);
  --mode no-suback: nothing (the SUBSCRIBE is never confirmed).
Each connection is logged to stdout as one line ("connect N", "suback N", "streamed N BYTES",
"subscribe-ignored N") so a test can count sessions.
Usage: hostile_mqtt_broker.py --port P --cert server.pem --key server.key --mode huge
"""
import argparse
import socket
import ssl
import sys
import threading


def read_exact(conn, size):
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def read_packet(conn):
    """One MQTT packet: (type nibble, body bytes)."""
    header = read_exact(conn, 1)[0]
    length, multiplier = 0, 1
    for _ in range(4):
        byte = read_exact(conn, 1)[0]
        length += (byte & 0x7F) * multiplier
        multiplier *= 128
        if not byte & 0x80:
            break
    return header >> 4, read_exact(conn, length)


def remaining_length(size):
    out = bytearray()
    while True:
        byte = size % 128
        size //= 128
        out.append(byte | (0x80 if size else 0))
        if not size:
            return bytes(out)


def log(line):
    print(line, flush=True)


def stream_huge(conn, number, announce):
    topic = b"device/x/report"
    body_head = len(topic).to_bytes(2, "big") + topic
    conn.sendall(b"\x30" + remaining_length(announce) + body_head)
    sent, chunk = len(body_head), b"x" * 65536
    try:
        while sent < announce:
            conn.sendall(chunk[: min(len(chunk), announce - sent)])
            sent += min(len(chunk), announce - sent)
    except (OSError, ConnectionError):
        pass
    log(f"streamed {number} {sent}")


def serve(conn, number, args):
    try:
        conn.settimeout(120)
        while True:
            kind, body = read_packet(conn)
            if kind == 1:  # CONNECT
                log(f"connect {number}")
                conn.sendall(b"\x20\x02\x00\x00")
            elif kind == 12:  # PINGREQ
                conn.sendall(b"\xd0\x00")
            elif kind == 8:  # SUBSCRIBE: packet id first
                if args.mode == "no-suback":
                    log(f"subscribe-ignored {number}")
                    continue
                conn.sendall(b"\x90\x03" + body[:2] + b"\x00")
                log(f"suback {number}")
                stream_huge(conn, number, args.announce)
                return
            elif kind == 14:  # DISCONNECT
                return
    except (OSError, ConnectionError, ssl.SSLError):
        return
    finally:
        try:
            conn.close()
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--mode", choices=["huge", "no-suback"], default="huge")
    parser.add_argument("--announce", type=int, default=200 * 1024 * 1024)
    args = parser.parse_args()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(16)
    log("listening")
    number = 0
    while True:
        raw, _ = listener.accept()
        number += 1
        try:
            conn = context.wrap_socket(raw, server_side=True)
        except (OSError, ssl.SSLError):
            raw.close()
            continue
        threading.Thread(target=serve, args=(conn, number, args), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
