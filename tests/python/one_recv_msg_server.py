# A student's msg server with the classic framing mistake, for the tests of `netlab proxy`
# (tests/proxy.rs): it assumes that one recv() returns exactly one message. On loopback with
# short frames that is usually true, so the server looks correct; a frame that arrives in
# pieces (`netlab proxy msg --split field`) makes struct.unpack fail on a short read, and two
# frames that arrive together (`--coalesce 2`) lose the second one.
#
# It answers every frame with OK (type 3) and prints what it understood on stdout:
# `MSG from ORIG: TEXT` or `type KIND from ORIG`. It prints `listening on 127.0.0.1:PORT` on
# stderr first.
#
# Usage: python3 -u one_recv_msg_server.py

import socket, struct, sys, threading

HDR = "!HHHII"
OK = 3


def serve(conn):
    with conn:
        while True:
            data = conn.recv(4096)  # the mistake: one recv() taken as one whole message
            if not data:
                return
            kind, orig, dest, seq, ts = struct.unpack(HDR, data[:14])
            if kind == 2:
                (n,) = struct.unpack("!H", data[14:16])
                text = data[16 : 16 + n].decode("utf-8", "replace")
                print(f"MSG from {orig}: {text}", flush=True)
            else:
                print(f"type {kind} from {orig}", flush=True)
            conn.sendall(struct.pack(HDR, OK, 0, orig, seq, ts))


def main():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    print("listening on %s:%d" % srv.getsockname(), file=sys.stderr, flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


main()
