# The socket tutorial's echo-server.py: one connection, echo until the client closes, exit.
# Port 0, printed (`port N`); and everything it echoed, printed at the end.
#
# Usage: python3 -u echo_server.py       (tests/app_python.rs)

import socket
HOST, PORT = "127.0.0.1", 0
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    print(f"port {s.getsockname()[1]}")
    conn, addr = s.accept()
    echoed = b""
    with conn:
        print(f"Connected by {addr}")
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data)
            echoed += data
print(f"echoed {echoed!r}")
