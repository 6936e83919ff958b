# A student's msg server (spec/msg.md): one select() loop, a buffer per client. OI -> OK (ERRO
# for an id out of range or taken), MSG relayed to one display or to all (then OK to the
# emitter; ERRO for an unknown display or a text of 0 or more than 140 bytes), QEM -> OKQEM to
# the display and OK, FLW -> OK and forget, a display's OK read and dropped.
#
# Usage: python3 server.py PORT        (tests/matrix.rs)

import select, socket, struct, sys, time

HDR = '!HHHII'
port = int(sys.argv[1])
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', port))
srv.listen(16)
buffers, ident, by_id = {}, {}, {}

def send(sock, tipo, orig, dest, seq, ts, body=b''):
    try:
        sock.sendall(struct.pack(HDR, tipo, orig, dest, seq, ts) + body)
    except OSError:
        pass

def drop(sock):
    i = ident.pop(sock, None)
    if i is not None:
        by_id.pop(i, None)
    buffers.pop(sock, None)
    sock.close()

def handle(sock, tipo, orig, dest, seq, ts, body):
    me = ident.get(sock)
    if tipo == 0:
        if (1 <= orig <= 1999) and orig not in by_id and me is None:
            ident[sock] = orig
            by_id[orig] = sock
            send(sock, 3, 0, orig, seq, ts)
        else:
            send(sock, 4, 0, orig, seq, ts)
    elif me is None:
        send(sock, 4, 0, orig, seq, ts)
    elif tipo == 1:
        send(sock, 3, 0, me, seq, ts)
        drop(sock)
    elif tipo == 2:
        if not (1 <= len(body) - 2 <= 140):
            send(sock, 4, 0, me, seq, ts)
            return
        now = int(time.time())
        targets = [i for i in by_id if i >= 1000] if dest == 0 else [dest]
        if dest != 0 and (dest not in by_id or dest < 1000):
            send(sock, 4, 0, me, seq, ts)
            return
        for t in targets:
            send(by_id[t], 2, me, t, seq, now, body)
        send(sock, 3, 0, me, seq, ts)
    elif tipo == 5:
        if dest not in by_id or dest < 1000:
            send(sock, 4, 0, me, seq, ts)
            return
        ids = sorted(by_id)
        send(by_id[dest], 6, 0, dest, seq, ts,
             struct.pack('!H', len(ids)) + struct.pack('!%dH' % len(ids), *ids))
        send(sock, 3, 0, me, seq, ts)
    elif tipo == 3:
        pass
    else:
        drop(sock)

while True:
    ready, _, _ = select.select([srv] + list(buffers), [], [])
    for sock in ready:
        if sock is srv:
            c, _ = srv.accept()
            buffers[c] = b''
            continue
        try:
            data = sock.recv(4096)
        except OSError:
            data = b''
        if not data:
            drop(sock)
            continue
        buffers[sock] += data
        while sock in buffers and len(buffers[sock]) >= 14:
            buf = buffers[sock]
            tipo, orig, dest, seq, ts = struct.unpack(HDR, buf[:14])
            size = 14
            if tipo == 2:
                if len(buf) < 16:
                    break
                size = 16 + struct.unpack("!H", buf[14:16])[0]
            if len(buf) < size:
                break
            buffers[sock] = buf[size:]
            handle(sock, tipo, orig, dest, seq, ts, buf[14:size])
