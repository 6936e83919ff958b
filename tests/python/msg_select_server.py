# A student's msg server, written to the original: one `select()` loop, a buffer per client,
# OI->OK (ERRO for a taken or out-of-range id, connection kept), MSG relayed to one display or
# all (new timestamp) then OK, QEM->OK plus OKQEM to the display, FLW->OK and forget. It
# prints `listening on 127.0.0.1:PORT` first (port 0: the OS picks), then reports every frame
# it receives or sends; with --quiet it reports nothing (examples/msg_bench.rs measures netlab's
# server against it so).
#
# Usage: python3 -u msg_select_server.py [--quiet]   (tests/msg_python.rs, examples/msg_bench.rs)

import select, socket, struct, sys, time

from msg_common import HDR, report

if '--quiet' in sys.argv:
    def report(**fields):
        pass

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 0))
srv.listen(128)
print('listening on 127.0.0.1:%d' % srv.getsockname()[1], flush=True)
buffers = {}  # socket -> bytes received, not yet a whole message
ident = {}    # socket -> registered id
by_id = {}    # registered id -> socket

def send(sock, data):
    report(to=ident.get(sock), hex=data.hex())
    sock.sendall(data)

def forget(sock):
    i = ident.pop(sock, None)
    by_id.pop(i, None)
    buffers.pop(sock, None)
    sock.close()

def length(buf):
    if len(buf) < 14:
        return None
    (tipo,) = struct.unpack('!H', buf[:2])
    if tipo in (2, 6):
        if len(buf) < 16:
            return None
        (n,) = struct.unpack('!H', buf[14:16])
        return 16 + (n if tipo == 2 else 2 * n)
    return 14

def displays():
    return sorted(i for i in by_id if 1000 <= i <= 1999)

def handle(sock, raw):
    tipo, orig, dest, seq, ts = struct.unpack(HDR, raw[:14])
    report(frm=ident.get(sock), hex=raw.hex())
    ok = struct.pack(HDR, 3, 0, orig, seq, ts)
    erro = struct.pack(HDR, 4, 0, orig, seq, ts)
    if tipo == 0:
        if orig in by_id or sock in ident or not 1 <= orig <= 1999:
            send(sock, erro)
        else:
            ident[sock] = orig
            by_id[orig] = sock
            send(sock, ok)
    elif ident.get(sock) != orig:
        if tipo not in (3, 4, 6):
            send(sock, erro)
    elif tipo == 2:
        targets = displays() if dest == 0 else [dest] if dest in displays() else []
        if not targets:
            send(sock, erro)
            return
        for d in targets:
            send(by_id[d], struct.pack(HDR, 2, orig, d, seq, int(time.time())) + raw[14:])
        send(sock, ok)
    elif tipo == 5:
        if dest not in displays():
            send(sock, erro)
            return
        send(sock, ok)
        ids = sorted(by_id)
        send(by_id[dest], struct.pack(HDR, 6, 0, dest, seq, ts)
             + struct.pack('!H', len(ids)) + struct.pack('!%dH' % len(ids), *ids))
    elif tipo == 1:
        send(sock, ok)
        forget(sock)

while True:
    readable, _, _ = select.select([srv] + list(buffers), [], [])
    for sock in readable:
        if sock is srv:
            conn, _ = srv.accept()
            # No Nagle delay on the small frames: a careful student's relay, and a fair one to
            # measure against.
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            buffers[conn] = b''
            continue
        if sock not in buffers:
            continue
        try:
            data = sock.recv(4096)
        except ConnectionError:
            data = b''
        if not data:
            report(closed=ident.get(sock))
            forget(sock)
            continue
        buffers[sock] += data
        while sock in buffers:
            n = length(buffers[sock])
            if n is None or len(buffers[sock]) < n:
                break
            raw, buffers[sock] = buffers[sock][:n], buffers[sock][n:]
            handle(sock, raw)
