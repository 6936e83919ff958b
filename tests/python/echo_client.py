# The socket tutorial's echo-client.py (HOST and PORT from the command line), printing also
# the local port it used so the test can find it in our server's log.
#
# Usage: python3 -u echo_client.py HOST PORT       (tests/app_python.rs)

import socket, sys
HOST, PORT = sys.argv[1], int(sys.argv[2])
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    print(f"local port {s.getsockname()[1]}")
    s.sendall(b"Hello, world")
    data = s.recv(1024)
print(f"Received {data!r}")
