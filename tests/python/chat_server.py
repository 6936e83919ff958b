# A student's chat directory server: a thread per client, a dict of users that never expire,
# and `"LIST " + ":".join(others)` (so a bare `LIST ` with a trailing space when nobody else
# is online). It prints `port N` first (port 0: the OS picks), then every line it receives
# with `repr()`, prefixed by the sender's name.
#
# Usage: python3 -u chat_server.py       (tests/chat_python.rs)

import socket, sys, threading

users = {}
lock = threading.Lock()

def client(conn, addr):
    me = None
    buf = b""
    while True:
        try:
            data = conn.recv(1024)
        except ConnectionResetError:
            data = b""
        if not data:
            break
        buf += data
        while b"\r\n" in buf:
            raw, buf = buf.split(b"\r\n", 1)
            line = raw.decode("utf-8")
            print(f"{me or addr[0]}: {line!r}", flush=True)
            if line.startswith("USER "):
                me, port = line[5:].split(":")
                with lock:
                    users[me] = (addr[0], int(port))
            elif line == "LIST":
                with lock:
                    others = [n for n in users if n != me]
                conn.send(("LIST " + ":".join(others) + "\r\n").encode("utf-8"))
            elif line.startswith("ADDR "):
                with lock:
                    found = users.get(line[5:])
                if found:
                    conn.send(f"ADDR {found[0]}:{found[1]}\r\n".encode("utf-8"))
    with lock:
        users.pop(me, None)
    print(f"{me}: closed", flush=True)
    conn.close()

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen()
print(f"port {srv.getsockname()[1]}", flush=True)
while True:
    conn, addr = srv.accept()
    threading.Thread(target=client, args=(conn, addr), daemon=True).start()
