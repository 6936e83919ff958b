# A server that is hostile to its clients, whatever protocol they speak, for the tests of
# `netlab check`'s bounds and reports (tests/check_bounds.rs). Every connection gets its own
# thread; what the client sends is read and thrown away. It prints `listening on
# 127.0.0.1:PORT` on stderr.
#
# Behaviours (the first argument):
#   drip        one byte every 20 ms, forever, never a line end
#   endless     one line that never ends: bytes as fast as the client takes them
#   huge        one line of 64 MiB, then \r\n, then silence (the connection stays open)
#   bytes       every line the client sends is answered with one line holding the UTF-8 of
#               the C1 controls (U+0080-U+009F), U+FFFE, U+FFFF, invalid UTF-8, then every
#               byte 0x00-0xff but \n; any other input gets the same answer
#   die-first   accepts one connection, closes it unanswered, and then refuses every other
#               (its listening socket closed; the process stays)
#
# Usage: python3 -u hostile_server.py BEHAVIOUR

import socket, sys, threading, time

MODE = sys.argv[1]
PAYLOAD = (
    "".join(chr(c) for c in range(0x80, 0xA0)).encode("utf-8")
    + "\ufffe\uffff".encode("utf-8")
    + b"\xc3\x28\xed\xa0\x80\xf8\x88\x80\x80\x80"
    + bytes(b for b in range(256) if b != 0x0A)
    + b"\r\n"
)


def swallow(conn):
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass


def serve(conn):
    try:
        if MODE == "drip":
            threading.Thread(target=swallow, args=(conn,), daemon=True).start()
            while True:
                conn.sendall(b"A")
                time.sleep(0.02)
        elif MODE == "endless":
            threading.Thread(target=swallow, args=(conn,), daemon=True).start()
            chunk = b"x" * 65536
            while True:
                conn.sendall(chunk)
        elif MODE == "huge":
            threading.Thread(target=swallow, args=(conn,), daemon=True).start()
            chunk = b"x" * (1 << 20)
            for _ in range(64):
                conn.sendall(chunk)
            conn.sendall(b"\r\n")
            while True:
                time.sleep(1)
        elif MODE == "bytes":
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                for _ in range(max(1, data.count(b"\n"))):
                    conn.sendall(PAYLOAD)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print("listening on 127.0.0.1:%d" % listener.getsockname()[1], file=sys.stderr)
    if MODE == "die-first":
        conn, _ = listener.accept()
        listener.close()
        conn.close()
        while True:
            time.sleep(1)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


main()
