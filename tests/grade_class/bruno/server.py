# Bruno's echo server. Its mistake: one client at a time (no thread per connection), so a
# second client waits until the first one leaves (echo.conn.1 fails; nothing else does).
#
# Usage: python3 server.py PORT
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(16)
while True:
    conn, _ = server.accept()
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)
