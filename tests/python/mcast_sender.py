# The student's multicast chat sender (section 2 of the original tutorial, turned into the
# chat of section 4): `json.dumps` of {"user": ..., "data": ...}, one `sendto` per stdin line
# to 224.3.29.71:PORT, pinned to 127.0.0.1; `sair` ends it.
#
# Usage: python3 -u mcast_sender.py PORT USER       (tests/mcast_python.rs)

import json, socket, struct, sys

MULTICAST_GROUP = '224.3.29.71'
MULTICAST_PORT = int(sys.argv[1])
user = sys.argv[2]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
ttl = struct.pack('b', 1)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
# Pinned to the loopback interface: the datagrams never leave the machine.
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('127.0.0.1'))

while True:
    try:
        data = input()
    except EOFError:
        break
    message = {"user": user, "data": data}
    sock.sendto(json.dumps(message).encode('utf-8'), (MULTICAST_GROUP, MULTICAST_PORT))
    if data == "sair":
        break
