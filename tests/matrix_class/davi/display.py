# Davi's mistake: the server's FLW is not answered OK (the display just leaves).
# A student's msg display (exibidor): OI with the id given, then every MSG shown on stdout
# (`Mensagem de ORIG: TEXT`) and answered OK, an OKQEM's list shown, the server's FLW answered
# OK, and then it leaves.
#
# Usage: python3 display.py HOST PORT ID        (tests/matrix.rs)

import socket, struct, sys, time

HDR = '!HHHII'
host, port, my_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection((host, port))

def recv_exact(n):
    data = b''
    while len(data) < n:
        more = s.recv(n - len(data))
        if not more:
            sys.exit(0)
        data += more
    return data

def recv_msg():
    tipo, orig, dest, seq, ts = struct.unpack(HDR, recv_exact(14))
    body = b''
    if tipo == 2:
        body = recv_exact(struct.unpack('!H', recv_exact(2))[0])
    elif tipo == 6:
        n = struct.unpack('!H', recv_exact(2))[0]
        body = recv_exact(2 * n)
    return tipo, orig, dest, seq, ts, body

s.sendall(struct.pack(HDR, 0, my_id, 0, 0, int(time.time())))
tipo, orig, dest, seq, ts, body = recv_msg()
if tipo != 3:
    print('registration refused', file=sys.stderr)
    sys.exit(1)
while True:
    tipo, orig, dest, seq, ts, body = recv_msg()
    if tipo == 2:
        print('Mensagem de %d: %s' % (orig, body.decode('utf-8', 'replace')))
        s.sendall(struct.pack(HDR, 3, my_id, orig, seq, ts))
    elif tipo == 6:
        ids = struct.unpack('!%dH' % (len(body) // 2), body)
        print('Clientes: %s' % ' '.join(str(i) for i in ids))
    elif tipo == 1:
        s.close()
        sys.exit(0)
    elif tipo == 4:
        print('ERRO do servidor', file=sys.stderr)
