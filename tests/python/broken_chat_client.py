# A student's chat peer with one deliberate mistake, for the tests of `netlab check
# chat-client` (tests/check_clients.rs). Without a mistake: it listens on LISTEN (0: any port),
# registers with `USER NAME:PORT` (the port it listens on), sends KEEP every 5 s, and reads the
# server's lines from the stream (however they are split or joined): `/list` sends LIST and
# prints the names, `/chat NAME` sends ADDR NAME and calls the answer (`ip:port` or
# `name:ip:port`) with `USER NAME` first, `/bye` sends DISC to the partner; every line ends
# with \r\n.
#
# Mistakes (the first argument):
#   correct       none
#   server-port   registers with the server's port instead of its own
#   no-keep       never sends KEEP
#   keep-15       sends KEEP every 15 s (the server's expiry itself) instead of every 5 s
#   one-recv      takes one recv from the server for one line: what else it brought is lost
#
# Usage: python3 -u broken_chat_client.py MISTAKE NAME HOST:PORT LISTEN

import socket, sys, threading, time

mistake, name = sys.argv[1], sys.argv[2]
host, sport = sys.argv[3].rsplit(':', 1)
sport = int(sport)

lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lsock.bind(('127.0.0.1', int(sys.argv[4])))
lsock.listen(8)
port = lsock.getsockname()[1]
server = socket.create_connection((host, sport))
lock = threading.Lock()
partner = None

def send(sock, line):
    with lock:
        sock.sendall((line + '\r\n').encode())

def keepalive():
    while True:
        time.sleep(15 if mistake == 'keep-15' else 5)
        send(server, 'KEEP')

def call(addr):
    global partner
    parts = addr.split(':')
    ip, p = parts[-2], int(parts[-1])
    partner = socket.create_connection((ip, p))
    send(partner, 'USER ' + name)
    print('Conectado', flush=True)

def on_line(line):
    if line.startswith('LIST'):
        names = [n.strip() for n in line[5:].split(':') if n.strip()]
        print('Ativos: ' + ', '.join(names), flush=True)
    elif line.startswith('ADDR '):
        call(line[5:].strip())

def server_lines():
    buf = b''
    while True:
        data = server.recv(4096)
        if not data:
            print('servidor saiu', flush=True)
            return
        if mistake == 'one-recv':
            on_line(data.split(b'\r\n')[0].decode())
            continue
        buf += data
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            on_line(line.rstrip(b'\r').decode())

def incoming():
    while True:
        conn, _ = lsock.accept()
        threading.Thread(target=lambda c=conn: c.recv(4096), daemon=True).start()

send(server, 'USER %s:%d' % (name, sport if mistake == 'server-port' else port))
if mistake != 'no-keep':
    threading.Thread(target=keepalive, daemon=True).start()
threading.Thread(target=server_lines, daemon=True).start()
threading.Thread(target=incoming, daemon=True).start()
for line in sys.stdin:
    line = line.rstrip('\n')
    if line == '/list':
        send(server, 'LIST')
    elif line.startswith('/chat '):
        send(server, 'ADDR ' + line[6:].strip())
    elif line.startswith('/bye'):
        if partner:
            send(partner, 'DISC')
            partner.close()
            partner = None
    elif partner:
        send(partner, line)
server.close()
