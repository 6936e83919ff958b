# A student's msg server with one deliberate mistake, for the tests of `netlab check msg`
# (tests/check_broken.rs). Without a mistake: a thread per client, frames read field by field,
# OI answered OK or ERRO (connection kept), MSG relayed to one display or all with a new
# timestamp and answered OK, QEM answered OK with OKQEM to the display, FLW answered OK and
# the client forgotten. It prints `listening on 127.0.0.1:PORT` on stderr first.
#
# Mistakes (the first argument):
#   correct         none
#   fixed-text      MSG text read and written as a fixed 140-byte NUL-padded field
#   little-endian   every integer packed and unpacked little-endian
#   exit-on-close   the whole server exits when a client disconnects without FLW
#   qem-descending  the OKQEM list of ids is sent in descending order
#   mute            reads every frame and never answers one
#   later-edition   speaks the later edition of the assignment: 8-byte headers
#                   `type orig dest seq` (OK=1 ERRO=2 OI=3 …), the server's id 65535
#
# Usage: python3 -u broken_msg_server.py MISTAKE

import os, socket, struct, sys, threading, time


def recvall(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data

BUG = sys.argv[1]
E = "<" if BUG == "little-endian" else "!"
HDR = E + "HHHII"
OI, FLW, MSG, OK, ERRO, QEM, OKQEM = range(7)

lock = threading.Lock()
clients = {}  # id -> socket


def frame(kind, orig, dest, seq, ts, body=b""):
    return struct.pack(HDR, kind, orig, dest, seq, ts) + body


def text_body(text):
    if BUG == "fixed-text":
        return struct.pack(E + "H", len(text)) + text.ljust(140, b"\0")
    return struct.pack(E + "H", len(text)) + text


def serve_mute(conn):
    while conn.recv(4096):
        pass


def serve_later_edition(conn):
    # OI=3 is answered OK=1, anything else ERRO=2, both from the server's id 65535.
    while True:
        head = conn.recv(8, socket.MSG_WAITALL)
        if len(head) < 8:
            break
        kind, orig, dest, seq = struct.unpack("!HHHH", head)
        conn.sendall(struct.pack("!HHHH", 1 if kind == 3 else 2, 65535, orig, seq))


def serve(conn):
    if BUG == "mute":
        return serve_mute(conn)
    if BUG == "later-edition":
        return serve_later_edition(conn)
    me = 0
    try:
        while True:
            head = conn.recv(14, socket.MSG_WAITALL)
            if len(head) < 14:
                if len(head) == 0 and me == 0:
                    break
                raise ConnectionError("closed")
            kind, orig, dest, seq, ts = struct.unpack(HDR, head)
            text = b""
            if kind == MSG:
                (n,) = struct.unpack(E + "H", recvall(conn, 2))
                text = recvall(conn, 140)[:n] if BUG == "fixed-text" else recvall(conn, n)
            answer = lambda k: conn.sendall(frame(k, 0, orig, seq, ts))
            if kind == OI:
                with lock:
                    free = (1 <= orig <= 1999) and orig not in clients and me == 0
                    if free:
                        clients[orig] = conn
                        me = orig
                answer(OK if free else ERRO)
            elif me == 0 or orig != me:
                if kind not in (OK, ERRO):
                    answer(ERRO)
            elif kind == FLW:
                answer(OK)
                with lock:
                    clients.pop(me, None)
                me = 0
                break
            elif kind == MSG and me < 1000 and 1 <= len(text) <= 140:
                with lock:
                    if dest == 0:
                        targets = [(d, s) for d, s in clients.items() if d >= 1000]
                    else:
                        targets = [(dest, clients[dest])] if dest in clients and dest >= 1000 else []
                if dest != 0 and not targets:
                    answer(ERRO)
                    continue
                now = int(time.time())
                for d, s in targets:
                    try:
                        s.sendall(frame(MSG, me, d, seq, now, text_body(text)))
                    except OSError:
                        pass
                answer(OK)
            elif kind == QEM and me < 1000:
                with lock:
                    target = clients.get(dest) if dest >= 1000 else None
                    ids = sorted(clients, reverse=BUG == "qem-descending")
                if target is None:
                    answer(ERRO)
                    continue
                answer(OK)
                body = struct.pack(E + "H", len(ids)) + b"".join(struct.pack(E + "H", i) for i in ids)
                target.sendall(frame(OKQEM, 0, dest, seq, ts, body))
            elif kind in (OK, ERRO):
                pass
            elif kind > OKQEM:
                break
            else:
                answer(ERRO)
    except (ConnectionError, OSError, struct.error):
        if BUG == "exit-on-close":
            print("a client left: exiting", file=sys.stderr, flush=True)
            os._exit(0)
    with lock:
        if clients.get(me) is conn:
            del clients[me]
    conn.close()


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(64)
print("listening on 127.0.0.1:%d" % server.getsockname()[1], file=sys.stderr, flush=True)
while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
