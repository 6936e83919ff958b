# Carla's echo server. Its mistake: it never listens (it waits for a line on stdin that never
# comes, so it never gets to bind): every case counts as failed, "never listened".
#
# Usage: python3 server.py PORT
import socket
import sys

print("type the port to listen on:", file=sys.stderr, flush=True)
port = sys.stdin.readline()
while True:
    # stdin is at its end: the loop the student meant as "ask again" spins politely.
    import time

    time.sleep(1)
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("127.0.0.1", int(port)))
