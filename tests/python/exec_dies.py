# An echo server for `netlab check --exec` (tests/check_exec.rs) that exits with status 3
# after serving N clients (one at a time), saying so on stderr: the check starts it again
# between cases and says, in the case's report, that it died.
#
# Usage: python3 exec_dies.py PORT N
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(16)
for _ in range(int(sys.argv[2])):
    conn, _ = server.accept()
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)
print(f"served {sys.argv[2]} clients, bye", file=sys.stderr, flush=True)
sys.exit(3)
