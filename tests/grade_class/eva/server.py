# Eva's echo server. Its mistake: debugging output left in, flooding stdout (a 64 KiB line
# every millisecond, and the start of every message received printed a hundred times). The echo itself is
# right: a grader that reads what it prints, and only the end of it, gives it every point.
#
# Usage: python3 server.py PORT
import socket
import sys
import threading
import time


def flood():
    line = "debug " * 10922 + "\n"
    while True:
        sys.stdout.write(line)
        sys.stdout.flush()
        time.sleep(0.001)


def serve(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            sys.stdout.write(repr(data[:64]) * 100 + "\n")
            conn.sendall(data)


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(16)
threading.Thread(target=flood, daemon=True).start()
while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
