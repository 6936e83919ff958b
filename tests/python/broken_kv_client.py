# A student's kv client with one deliberate mistake, for the tests of `netlab check kv-client`
# (tests/check_clients.rs). Without a mistake: it listens on PORT, connects to the node, sends
# ID(PORT), then for each line of stdin (`? KEY`, `T`, `Q`) sends KEYREQ or TOPOREQ with nseq
# from 0, +1 per request, and prints `VALUE IP:PORT` for every RESP that arrives on a new
# connection until 4 s pass without one (every connection read to its end, frames reassembled
# from the stream); `Nenhuma resposta recebida` when none came.
#
# Mistakes (the first argument):
#   correct       none
#   server-port   names the node's port in its ID instead of its own
#   one-recv      takes one recv on an answer connection for the whole RESP
#   first-only    prints the first RESP of a window and drops the others
#   nseq-from-1   numbers its requests from 1 (as one implementation does: a warning)
#   late-id       sends its ID only after its first request
#   any-nseq      shows every RESP, whatever its nseq
#
# Usage: python3 -u broken_kv_client.py MISTAKE PORT HOST:PORT

import select, socket, struct, sys, time

mistake, port = sys.argv[1], int(sys.argv[2])
host, node_port = sys.argv[3].rsplit(':', 1)
node_port = int(node_port)

lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lsock.bind(('127.0.0.1', port))
lsock.listen(16)
node = socket.create_connection((host, node_port))
id_frame = struct.pack('!HH', 4, node_port if mistake == 'server-port' else port)
if mistake != 'late-id':
    node.sendall(id_frame)
nseq = 1 if mistake == 'nseq-from-1' else 0

def read_resp(conn):
    if mistake == 'one-recv':
        data = conn.recv(1024)
    else:
        data = b''
        while True:
            part = conn.recv(1024)
            if not part:
                break
            data += part
    if len(data) < 8:
        return None
    tipo, n, size = struct.unpack('!HIH', data[:8])
    if tipo != 9 or len(data) < 8 + size:
        return None
    return n, data[8:8 + size].decode('utf-8', 'replace')

def collect(n):
    got = 0
    deadline = time.time() + 4
    while True:
        left = deadline - time.time()
        if left <= 0:
            break
        ready, _, _ = select.select([lsock], [], [], left)
        if not ready:
            break
        conn, addr = lsock.accept()
        resp = read_resp(conn)
        conn.close()
        deadline = time.time() + 4
        if resp is None or (resp[0] != n and mistake != 'any-nseq'):
            print('Mensagem incorreta recebida de %s:%d' % addr, flush=True)
            continue
        got += 1
        if mistake == 'first-only' and got > 1:
            continue
        print('%s %s:%d' % (resp[1], addr[0], addr[1]), flush=True)
    if got == 0:
        print('Nenhuma resposta recebida', flush=True)

for line in sys.stdin:
    line = line.strip()
    if line.startswith('?'):
        key = line[1:].strip().encode()
        node.sendall(struct.pack('!HIH', 5, nseq, len(key)) + key)
    elif line in ('T', 't'):
        node.sendall(struct.pack('!HI', 6, nseq))
    elif line in ('Q', 'q'):
        break
    else:
        print('Comando desconhecido', flush=True)
        continue
    if mistake == 'late-id' and id_frame:
        node.sendall(id_frame)
        id_frame = None
    collect(nseq)
    nseq += 1
node.close()
