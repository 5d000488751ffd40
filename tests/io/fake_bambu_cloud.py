#!/usr/bin/env python3
"""A fake Bambu cloud REST API for tests (protocol.md §2.3-§2.7), HTTPS on 127.0.0.1.

Usage: fake_bambu_cloud.py --cert CERT --key KEY --account ACCOUNT.json [--port N]

ACCOUNT.json: {"token", "uid", "email", "password", "code", "verify_code_login": bool,
               "expires_in", "devices": [...], "tasks": [...]}
Prints "PORT <n>" on stdout once listening, then one "REQ <method> <path> <status>" line per
request (control requests excluded).

Control (no auth): POST /__control with a JSON object, any of
  {"mode": "normal|401|403|429|500|slow|malformed|gzip", "count": n}  next n API replies
       (count missing or -1: until the next mode change)
  {"slow_s": seconds}         how long "slow" sleeps before answering (default 5)
  {"token": "..."}            the token accepted from now on
  {"devices": [...]} / {"tasks": [...]}   replace the lists
  {"login_mode": "code_expired", "count": n}  next n code logins answer 400 code 1
GET /__control/log -> [{"method", "path", "status", "ua", "auth"}] of API requests so far.
"""
import argparse
import gzip
import json
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLOUDFLARE_403 = (b"<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title>"
                  b"</head><body>Sorry, you have been blocked. Cloudflare Ray ID: 8a1b2c3d4e5f"
                  b"</body></html>")
CLOUDFLARE_429 = b"error code: 1015 (rate limited by cloudflare)"


class State:
    def __init__(self, account):
        self.lock = threading.Lock()
        self.account = account
        self.token = account["token"]
        self.mode = "normal"
        self.count = -1
        self.slow_s = 5.0
        self.login_mode = "normal"
        self.login_count = 0
        self.log = []

    def take_mode(self):
        """The failure mode for this API reply (consumes one of `count`)."""
        with self.lock:
            mode = self.mode
            if mode != "normal" and self.count > 0:
                self.count -= 1
                if self.count == 0:
                    self.mode, self.count = "normal", -1
            return mode

    def take_login_mode(self):
        with self.lock:
            if self.login_mode != "normal" and self.login_count > 0:
                self.login_count -= 1
                mode = self.login_mode
                if self.login_count == 0:
                    self.login_mode = "normal"
                return mode
            return "normal"


def envelope(**fields):
    out = {"message": "success", "code": None, "error": None}
    out.update(fields)
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None  # set in main

    def setup(self):
        # TLS handshake here, in the request's own thread: a client that connected but has
        # not sent its ClientHello yet must not block the accept loop.
        self.request.settimeout(30)
        try:
            self.request.do_handshake()
        except (OSError, ssl.SSLError):
            self.request.close()
            raise
        super().setup()

    def log_message(self, fmt, *args):  # quiet: we print our own lines
        pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, body, content_type="application/json", gzip_it=False):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        headers = [("Content-Type", content_type)]
        if gzip_it:
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def _record(self, status):
        path = self.path.split("?")[0]
        entry = {"method": self.command, "path": path, "status": status,
                 "ua": self.headers.get("User-Agent", ""),
                 "auth": self.headers.get("Authorization") is not None}
        with self.state.lock:
            self.state.log.append(entry)
        print(f"REQ {self.command} {path} {status}", flush=True)

    def _reply(self, status, body, **kw):
        self._record(status)
        try:
            self._send(status, body, **kw)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # the client gave up (timeout test)

    # --- control -------------------------------------------------------------
    def _control(self):
        st = self.state
        if self.command == "GET" and self.path == "/__control/log":
            with st.lock:
                return self._send(200, list(st.log))
        try:
            cmd = json.loads(self._body() or b"{}")
        except ValueError:
            return self._send(400, {"error": "bad control JSON"})
        with st.lock:
            if "mode" in cmd:
                st.mode, st.count = cmd["mode"], int(cmd.get("count", -1))
            if "login_mode" in cmd:
                st.login_mode, st.login_count = cmd["login_mode"], int(cmd.get("count", 1))
            if "slow_s" in cmd:
                st.slow_s = float(cmd["slow_s"])
            if "token" in cmd:
                st.token = cmd["token"]
            if "devices" in cmd:
                st.account["devices"] = cmd["devices"]
            if "tasks" in cmd:
                st.account["tasks"] = cmd["tasks"]
        self._send(200, {"ok": True})

    # --- API -----------------------------------------------------------------
    def _authorized(self):
        return self.headers.get("Authorization") == "Bearer " + self.state.token

    def _api(self, payload_fn):
        mode = self.state.take_mode()
        if mode == "401":
            return self._reply(401, {"message": "Unauthorized", "code": 401, "error": "Unauthorized"})
        if mode == "403":
            return self._reply(403, CLOUDFLARE_403, content_type="text/html")
        if mode == "429":
            return self._reply(429, CLOUDFLARE_429, content_type="text/plain")
        if mode == "500":
            return self._reply(500, {"message": "internal error", "code": 500, "error": "oops"})
        if mode == "slow":
            time.sleep(self.state.slow_s)
        if not self._authorized():
            return self._reply(401, {"message": "Unauthorized", "code": 401, "error": "Unauthorized"})
        if mode == "malformed":
            return self._reply(200, b'{"message":"success","devices":[{"dev_id":')
        self._reply(200, payload_fn(), gzip_it=(mode == "gzip"))

    def _login(self):
        acct = self.state.account
        try:
            req = json.loads(self._body() or b"{}")
        except ValueError:
            return self._reply(400, {"message": "bad request", "code": 400, "error": "bad json"})
        if req.get("account") != acct["email"]:
            return self._reply(400, {"message": "account not found", "code": 3, "error": "no account"})
        token_reply = {"accessToken": self.state.token, "refreshToken": self.state.token,
                       "loginType": "", "expiresIn": acct.get("expires_in", 7776000)}
        if "password" in req:
            if req["password"] != acct["password"]:
                return self._reply(400, {"message": "wrong password", "code": 4, "error": "pw"})
            if acct.get("verify_code_login"):
                return self._reply(200, {"accessToken": "", "loginType": "verifyCode"})
            return self._reply(200, token_reply)
        if "code" in req:
            if self.state.take_login_mode() == "code_expired":
                return self._reply(400, {"message": "code expired", "code": 1, "error": "expired"})
            if req["code"] != acct["code"]:
                return self._reply(400, {"message": "wrong code", "code": 2, "error": "wrong"})
            return self._reply(200, token_reply)
        self._reply(400, {"message": "bad request", "code": 400, "error": "no password or code"})

    def do_GET(self):
        path = self.path.split("?")[0]
        acct = self.state.account
        if path.startswith("/__control"):
            return self._control()
        if path == "/v1/design-user-service/my/preference":
            return self._api(lambda: {"uid": acct["uid"], "name": "maker", "handle": "maker",
                                      "avatar": ""})
        if path == "/v1/iot-service/api/user/bind":
            return self._api(lambda: envelope(devices=acct["devices"]))
        if path == "/v1/user-service/my/tasks":
            return self._api(lambda: {"total": len(acct["tasks"]), "hits": acct["tasks"]})
        self._reply(404, {"message": "not found", "code": 404, "error": "not found"})

    def do_POST(self):
        path = self.path.split("?")[0]
        if path == "/__control":
            return self._control()
        if path == "/v1/user-service/user/login":
            return self._login()
        if path == "/v1/user-service/user/sendemail/code":
            req = json.loads(self._body() or b"{}")
            ok = req.get("email") == self.state.account["email"] and req.get("type") == "codeLogin"
            return self._reply(200 if ok else 400, envelope() if ok else
                               {"message": "bad request", "code": 400, "error": "bad email"})
        self._reply(404, {"message": "not found", "code": 404, "error": "not found"})


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that abort the handshake or time out are part of the tests


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--account", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    with open(args.account, encoding="utf-8") as f:
        Handler.state = State(json.load(f))
    server = QuietServer(("127.0.0.1", args.port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
