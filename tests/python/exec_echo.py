# An echo server for `netlab check --exec` (tests/check_exec.rs) that starts a child which
# ignores SIGTERM, as a student's server that forks a helper may. It writes "PARENT CHILD"
# (the two pids) to PIDFILE once it listens: both must be gone when the check ends.
#
# Usage: python3 exec_echo.py PORT PIDFILE
import os
import signal
import socket
import sys
import threading
import time

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(16)
child = os.fork()
if child == 0:
    server.close()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        time.sleep(1)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(f"{os.getpid()} {child}")
os.rename(sys.argv[2] + ".tmp", sys.argv[2])


def serve(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)


while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
