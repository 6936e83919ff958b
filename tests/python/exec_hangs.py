# An echo server for `netlab grade` (tests/grade.rs) that accepts every connection and never
# answers: each case waits out its timeout, and grading stops it at its budget. It writes its
# pid to PIDFILE once it listens.
#
# Usage: python3 exec_hangs.py PORT PIDFILE
import os
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(64)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(os.getpid()))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
held = []
while True:
    conn, _ = server.accept()
    held.append(conn)
