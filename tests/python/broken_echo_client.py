# A student's echo client with one deliberate mistake, for the tests of `netlab check
# echo-client` (tests/check_clients.rs). Without a mistake: it sends the message given, reads
# the echo until it has as many bytes as it sent (however they arrive), prints
# `Received MESSAGE` and closes.
#
# Mistakes (the first argument):
#   correct         none
#   fixed-message   sends the tutorial's b"Hello, world" whatever it is given
#   one-recv        takes one recv for the whole echo
#
# Usage: python3 -u broken_echo_client.py MISTAKE HOST PORT MESSAGE

import socket, sys

mistake, host, port, message = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
data = b'Hello, world' if mistake == 'fixed-message' else message.encode('utf-8')
with socket.create_connection((host, port)) as s:
    s.sendall(data)
    if mistake == 'one-recv':
        echo = s.recv(1024)
    else:
        echo = b''
        while len(echo) < len(data):
            part = s.recv(1024)
            if not part:
                break
            echo += part
print('Received ' + echo.decode('utf-8', 'replace'), flush=True)
