# What every student's msg program (tests/python/msg_*.py) starts with, as the original
# assignment tells students to write it (Python 3, standard library only): the 14-byte header
# format, a recv loop that reads exactly one message (header, then the body its type
# announces), and one JSON report per line on stdout for the test to read.
# Imported by the programs (`from msg_common import ...`); not run on its own.

import json, select, socket, struct, sys, time

HDR = '!HHHII'  # type, orig, dest, seq, timestamp: 14 bytes, network order

def recv_exact(s, n):
    data = b''
    while len(data) < n:
        part = s.recv(n - len(data))
        if not part:
            raise EOFError('connection closed')
        data += part
    return data

def recv_msg(s):
    head = recv_exact(s, 14)
    tipo, orig, dest, seq, ts = struct.unpack(HDR, head)
    body = b''
    if tipo == 2:    # MSG: length, then the text
        raw = recv_exact(s, 2)
        (n,) = struct.unpack('!H', raw)
        body = raw + recv_exact(s, n)
    elif tipo == 6:  # OKQEM: count, then the ids
        raw = recv_exact(s, 2)
        (n,) = struct.unpack('!H', raw)
        body = raw + recv_exact(s, 2 * n)
    return tipo, orig, dest, seq, ts, head + body

def report(**fields):
    print(json.dumps(fields), flush=True)
