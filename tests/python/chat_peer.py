# A student's chat peer, written the way the assignment tells students to (one `send` per
# message, a `recv` loop that splits on `\r\n`, `select` over keyboard and sockets). It
# registers with the directory server on 127.0.0.1:SERVER_PORT, prints `port N` (its own
# conversation port) first, echoes each typed line as `> line` (so a test can wait for it), and
# prints every line it receives with `repr()`.
#
# Usage: python3 -u chat_peer.py NAME SERVER_PORT MODE KEEP       (tests/chat_python.rs)
#   MODE  `crlf` ends every message with `\r\n`, `bare` sends none (a sloppy peer)
#   KEEP  the keepalive period in seconds (0: none)

import select, socket, sys, threading, time

name, server_port, mode, keep = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
END = "\r\n" if mode == "crlf" else ""

def send(sock, text):
    sock.send((text + END).encode("utf-8"))

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen()
my_port = listener.getsockname()[1]

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.connect(("127.0.0.1", server_port))
send(server, f"USER {name}:{my_port}")
print(f"port {my_port}", flush=True)

def keepalive():
    while True:
        time.sleep(keep)
        try:
            send(server, "KEEP")
        except OSError:
            return

if keep > 0:
    threading.Thread(target=keepalive, daemon=True).start()

buffers = {server: b""}
partner = None      # the open conversation (one at a time)
wanted = None       # the name asked with ADDR

def lines(sock):
    try:
        data = sock.recv(4096)
    except ConnectionResetError:
        data = b""
    if not data:
        return None
    buffers[sock] += data
    out = []
    while b"\r\n" in buffers[sock]:
        line, buffers[sock] = buffers[sock].split(b"\r\n", 1)
        out.append(line.decode("utf-8"))
    return out

def closed(sock, who):
    global partner
    if buffers.get(sock):
        print(f"{who} left unterminated: {buffers[sock]!r}", flush=True)
    print(f"{who} closed", flush=True)
    buffers.pop(sock, None)
    sock.close()
    if sock is partner:
        partner = None

while True:
    watch = [sys.stdin, server, listener] + ([partner] if partner else [])
    ready, _, _ = select.select(watch, [], [])
    for sock in ready:
        if sock is sys.stdin:
            text = sys.stdin.readline()
            if not text:
                sys.exit(0)
            text = text.rstrip("\n")
            print(f"> {text}", flush=True)
            if text == "/list":
                send(server, "LIST")
            elif text.startswith("/addr "):
                send(server, "ADDR " + text[6:])
            elif text.startswith("/chat "):
                wanted = text[6:]
                send(server, "ADDR " + wanted)
            elif text == "/bye":
                send(partner, "DISC")
                partner.close()
                buffers.pop(partner, None)
                partner = None
            elif text == "/exit":
                server.close()
                sys.exit(0)
            elif partner is None:
                print("Nenhuma conexão P2P ativa", flush=True)
            else:
                send(partner, text)
        elif sock is listener:
            conn, addr = listener.accept()
            partner = conn
            buffers[conn] = b""
            print("accepted", flush=True)
        elif sock is server:
            got = lines(server)
            if got is None:
                closed(server, "server")
                sys.exit(0)
            for line in got:
                print(f"server: {line!r}", flush=True)
                if line.startswith("ADDR ") and wanted:
                    ip, port = line[5:].rsplit(":", 1)
                    partner = socket.create_connection((ip, int(port)))
                    buffers[partner] = b""
                    send(partner, f"USER {name}")
                    print(f"calling {wanted}", flush=True)
                    wanted = None
        else:
            got = lines(sock)
            if got is None:
                closed(sock, "peer")
                continue
            for line in got:
                print(f"peer: {line!r}", flush=True)
                if line == "DISC":
                    closed(sock, "peer")
                    break
