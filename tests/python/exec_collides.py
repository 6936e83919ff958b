# An echo server for `netlab check --exec` (tests/check_exec.rs) whose first start finds its
# port taken: a child it forks binds the port first (and holds it, not listening), and the
# server exits with "Address already in use", as when another program took the port between
# the checker's pick and the server's bind. The checker must start it again on another port;
# the second start (MARKER exists) serves.
#
# Usage: python3 exec_collides.py PORT MARKER
import os
import socket
import sys
import time

port = int(sys.argv[1])
if not os.path.exists(sys.argv[2]):
    open(sys.argv[2], "w").close()
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", port))
    if os.fork() == 0:
        while True:
            time.sleep(1)
    holder.close()
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("127.0.0.1", port))
server.listen(16)
while True:
    conn, _ = server.accept()
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)
