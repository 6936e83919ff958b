# The student's multicast chat receiver: joins 224.3.29.71 on 127.0.0.1 only, `recvfrom(1024)`
# and `json.loads`; prints `user: data` for each message, then whether the bytes are exactly
# what its own `json.dumps` writes for that message; stops on `sair`.
#
# Usage: python3 -u mcast_receiver.py PORT       (tests/mcast_python.rs)

import json, socket, struct, sys

MULTICAST_GROUP = '224.3.29.71'
MULTICAST_PORT = int(sys.argv[1])

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('', MULTICAST_PORT))
group = socket.inet_aton(MULTICAST_GROUP)
# The membership on the loopback interface only.
mreq = struct.pack('4s4s', group, socket.inet_aton('127.0.0.1'))
sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)

print("Receptor aguardando mensagens...", flush=True)
while True:
    data, addr = sock.recvfrom(1024)
    message = json.loads(data.decode('utf-8'))
    print(f"{message['user']}: {message['data']}", flush=True)
    same = data == json.dumps({"user": message["user"], "data": message["data"]}).encode('utf-8')
    print("same bytes as json.dumps" if same else f"DIFFERENT: {data!r}", flush=True)
    if message['data'] == "sair":
        break
