# A student's multicast sender (the original's section 2) with one deliberate mistake, for the
# tests of `netlab check mcast-send` (tests/check_clients.rs). Pinned to the interface IFACE
# (the check gives 127.0.0.1: nothing leaves the machine). Without a mistake: each line read is
# one datagram `json.dumps({"user": NAME, "data": LINE})`; `sair` is sent, then it ends.
#
# Mistakes (the first argument):
#   correct      none
#   plain-text   sends the line as it is, not as the JSON object
#   quiet-quit   ends on `sair` without sending it
#
# Usage: python3 -u broken_mcast_sender.py MISTAKE GROUP PORT IFACE NAME

import json, socket, struct, sys

mistake, group, port, iface, user = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, struct.pack('b', 1))
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(iface))
while True:
    try:
        data = input()
    except EOFError:
        break
    if data == 'sair' and mistake == 'quiet-quit':
        break
    if mistake == 'plain-text':
        payload = data.encode('utf-8')
    else:
        payload = json.dumps({'user': user, 'data': data}).encode('utf-8')
    sock.sendto(payload, (group, port))
    if data == 'sair':
        break
