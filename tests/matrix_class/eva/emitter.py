# Eva's mistake: at the end of input the emitter leaves without FLW (only /bye says it).
# A student's msg emitter (emissor): OI with the id given, then one message per line of
# stdin: `TEXT` to every display, `/to DEST TEXT` to one, `/qem DEST` for the list of clients,
# `/bye` (or the end of input) says goodbye with FLW. Each answer is shown on stderr.
#
# Usage: python3 emitter.py HOST PORT ID        (tests/matrix.rs)

import socket, struct, sys, time

HDR = '!HHHII'
host, port, my_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection((host, port))
seq = 0

def recv_exact(n):
    data = b''
    while len(data) < n:
        more = s.recv(n - len(data))
        if not more:
            print('the server closed the connection', file=sys.stderr)
            sys.exit(1)
        data += more
    return data

def request(tipo, dest, body=b''):
    global seq
    s.sendall(struct.pack(HDR, tipo, my_id, dest, seq, int(time.time())) + body)
    seq += 1
    answer = struct.unpack(HDR, recv_exact(14))[0]
    print('OK' if answer == 3 else 'ERRO', file=sys.stderr)

def text(t):
    data = t.encode('utf-8')
    return struct.pack('!H', len(data)) + data

request(0, 0)
for line in sys.stdin:
    line = line.rstrip('\n')
    if line.startswith('/to '):
        _, dest, t = line.split(' ', 2)
        request(2, int(dest), text(t))
    elif line.startswith('/qem '):
        request(5, int(line.split()[1]))
    elif line == '/bye':
        break
    elif line:
        request(2, 0, text(line))
else:
    s.close()
    sys.exit(0)
request(1, 0)
s.close()
