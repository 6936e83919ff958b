# A student's multicast receiver (the original's section 4) with one deliberate mistake, for
# the tests of `netlab check mcast-recv` (tests/check_clients.rs). It joins GROUP on the
# interface IFACE (the check gives 127.0.0.1: nothing leaves the machine). Without a mistake:
# every datagram that decodes prints `user: data`, one that does not is reported on stderr
# and skipped, and `sair` ends it.
#
# Mistakes (the first argument):
#   correct     none
#   data-only   prints the data without the user
#   bad-json    lets an invalid datagram's json.loads error end the program
#
# Usage: python3 -u broken_mcast_receiver.py MISTAKE GROUP PORT IFACE

import json, socket, struct, sys

mistake, group, port, iface = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('', port))
mreq = struct.pack('4s4s', socket.inet_aton(group), socket.inet_aton(iface))
sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
while True:
    data, addr = sock.recvfrom(65536)
    try:
        message = json.loads(data.decode('utf-8'))
    except ValueError as e:
        if mistake == 'bad-json':
            raise
        print('datagrama inválido de %s: %s' % (addr, e), file=sys.stderr, flush=True)
        continue
    if mistake == 'data-only':
        print(message['data'], flush=True)
    else:
        print('%s: %s' % (message['user'], message['data']), flush=True)
    if message['data'] == 'sair':
        break
