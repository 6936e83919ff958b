# A student's msg display (exibidor): OI, then report every frame; OK to each MSG; on the
# server's FLW, OK and exit.
#
# Usage: python3 -u msg_display.py HOST PORT ID       (tests/msg_python.rs)

import socket, struct, sys, time

from msg_common import HDR, recv_msg, report

host, port, my_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, port))
s.send(struct.pack(HDR, 0, my_id, 0, 0, int(time.time())))
tipo, orig, dest, seq, ts, raw = recv_msg(s)
report(event='registered', hex=raw.hex())
while True:
    tipo, orig, dest, seq, ts, raw = recv_msg(s)
    report(event='frame', hex=raw.hex())
    if tipo == 2:
        print('Mensagem de %d: %s' % (orig, raw[16:].decode('utf-8')), file=sys.stderr)
        s.send(struct.pack(HDR, 3, my_id, 0, seq, ts))
    elif tipo == 6:
        ids = struct.unpack('!%dH' % ((len(raw) - 16) // 2), raw[16:])
        report(event='clients', ids=list(ids))
    elif tipo == 1 and orig == 0:
        s.send(struct.pack(HDR, 3, my_id, 0, seq, ts))
        s.close()
        report(event='bye')
        sys.exit(0)
