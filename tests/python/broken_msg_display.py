# A student's msg display (exibidor) with one deliberate mistake, for the tests of `netlab
# check msg-display` (tests/check_clients.rs). Without a mistake: OI with the id given, every
# frame read whole (header, then the body its type announces, however the bytes arrive and
# however many frames one recv brings), `Mensagem de ORIG: TEXT` for a MSG answered OK with
# its seq and timestamp, `Clientes: ID…` for an OKQEM, the server's FLW answered OK and the
# program ends, Ctrl-C says FLW first.
#
# Mistakes (the first argument):
#   correct     none
#   no-ack      never answers a MSG with OK
#   one-recv    takes one recv for one frame: what else the recv brought is lost
#
# Usage: python3 -u broken_msg_display.py MISTAKE HOST PORT ID

import signal, socket, struct, sys, time

HDR = '!HHHII'
mistake, host, port, my_id = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

s = socket.create_connection((host, port))
buf = b''

def frame_len(data):
    """The length of the frame at the start of data, or None while it is incomplete."""
    if len(data) < 14:
        return None
    tipo = struct.unpack('!H', data[:2])[0]
    if tipo in (2, 6):
        if len(data) < 16:
            return None
        (n,) = struct.unpack('!H', data[14:16])
        return 16 + (n if tipo == 2 else 2 * n)
    return 14

def next_frame():
    global buf
    while True:
        n = frame_len(buf)
        if n is not None and len(buf) >= n:
            frame, buf = buf[:n], buf[n:]
            if mistake == 'one-recv':
                buf = b''
            return frame
        part = s.recv(4096)
        if not part:
            sys.exit(0)
        buf += part

def send(tipo, dest, seq, ts):
    s.sendall(struct.pack(HDR, tipo, my_id, dest, seq, ts))

def goodbye(*_):
    send(1, 0, 1, int(time.time()))
    s.settimeout(2)
    try:
        while struct.unpack('!H', next_frame()[:2])[0] != 3:
            pass
    except Exception:
        pass
    sys.exit(0)

send(0, 0, 0, int(time.time()))
next_frame()  # OK
signal.signal(signal.SIGINT, goodbye)
while True:
    f = next_frame()
    tipo, orig, dest, seq, ts = struct.unpack(HDR, f[:14])
    if tipo == 2:
        print('Mensagem de %d: %s' % (orig, f[16:].decode('utf-8', 'replace')), flush=True)
        if mistake != 'no-ack':
            send(3, 0, seq, ts)
    elif tipo == 6:
        ids = struct.unpack('!%dH' % ((len(f) - 16) // 2), f[16:])
        print('Clientes: %s' % ' '.join(map(str, ids)), flush=True)
    elif tipo == 1 and orig == 0:
        send(3, 0, seq, ts)
        s.close()
        sys.exit(0)
