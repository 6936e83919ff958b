# A student's msg emitter: OI, then each action of ACTIONS (a JSON list of [kind, dest, text],
# kind `msg`, `qem` or `flw`), one at a time, reporting its answer; after FLW, check that the
# server sends nothing more.
#
# Usage: python3 -u msg_emitter.py HOST PORT ID ACTIONS       (tests/msg_python.rs)

import json, socket, struct, sys, time

from msg_common import HDR, recv_msg, report

host, port, my_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
actions = json.loads(sys.argv[4])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, port))
seq = 0
def request(tipo, dest, body=b''):
    global seq
    ts = int(time.time())
    s.send(struct.pack(HDR, tipo, my_id, dest, seq, ts) + body)
    sent = seq
    seq += 1
    answer = recv_msg(s)[-1]
    report(sent=tipo, dest=dest, seq=sent, ts=ts, answer=answer.hex())
request(0, 0)
for kind, dest, text in actions:
    if kind == 'msg':
        data = text.encode('utf-8')
        request(2, dest, struct.pack('!H', len(data)) + data)
    elif kind == 'qem':
        request(5, dest)
    elif kind == 'flw':
        request(1, dest)
try:
    extra = s.recv(1)
    report(event='after-flw', hex=extra.hex())
except ConnectionError:
    report(event='after-flw', hex='')
s.close()
