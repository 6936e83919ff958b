# A student's msg emitter with one deliberate mistake, for the tests of `netlab check
# msg-emitter` (tests/check_clients.rs). Its interface is its own, as the original leaves it to
# the student: a line is a MSG to every display, `@D text` a MSG to display D, `?D` a QEM for
# display D, `sair` (or the end of input) says FLW and ends. Without a mistake: OI with the id
# given and seq 0, then seq +1 per message, the text without the Enter, every answer read and
# shown (`OK` or `ERRO`) before the next line.
#
# Mistakes (the first argument):
#   correct      none
#   seq-from-1   numbers from 1: the OI is 1
#   newline      sends the line with its Enter (`\n`) as part of the text
#   no-answers   never reads its socket while it runs: the server's OK and ERRO pile up unread,
#                none shown (it reads them only as it leaves, to wait for its FLW's OK: a
#                socket closed with unread bytes is reset, and the FLW with it)
#
# Usage: python3 -u broken_msg_emitter.py MISTAKE HOST PORT ID

import socket, struct, sys, time

HDR = '!HHHII'
mistake, host, port, my_id = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
s = socket.create_connection((host, port))
seq = 1 if mistake == 'seq-from-1' else 0

def recv_exact(n):
    data = b''
    while len(data) < n:
        part = s.recv(n - len(data))
        if not part:
            print('servidor fechou a conexão', flush=True)
            sys.exit(0)
        data += part
    return data

def send(tipo, dest, body=b''):
    global seq
    s.sendall(struct.pack(HDR, tipo, my_id, dest, seq, int(time.time())) + body)
    seq += 1
    if mistake == 'no-answers':
        return
    tipo = struct.unpack(HDR, recv_exact(14))[0]
    print({3: 'OK', 4: 'ERRO'}.get(tipo, 'tipo %d' % tipo), flush=True)

send(0, 0)
for line in sys.stdin:
    text = line if mistake == 'newline' else line.rstrip('\n')
    if text.strip() == 'sair':
        break
    if text.startswith('@'):
        dest, text = text[1:].split(' ', 1)
        body = text.encode()
        send(2, int(dest), struct.pack('!H', len(body)) + body)
    elif text.startswith('?'):
        send(5, int(text[1:]))
    else:
        body = text.encode()
        send(2, 0, struct.pack('!H', len(body)) + body)
send(1, 0)
if mistake == 'no-answers':
    while struct.unpack(HDR, recv_exact(14))[3] != seq - 1:
        pass
s.close()
