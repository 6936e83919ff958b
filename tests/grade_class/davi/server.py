# Davi's echo server. Its mistake: it exits at once (a typo in a name): every case counts as
# failed, and the report quotes the traceback.
#
# Usage: python3 server.py PORT
import socket
import sys

server = socket.sokcet(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(16)
