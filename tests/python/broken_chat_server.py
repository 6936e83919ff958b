# A student's chat directory server with one deliberate mistake, for the tests of
# `netlab check chat` (tests/check_broken.rs). Without a mistake: a thread per client, lines
# reassembled from the stream, USER/LIST/ADDR/KEEP, `LIST ` when alone, ADDR only for active
# names, a taken or bad name (one with ':') refused with ERR and a close, blanks inside a
# name accepted (`USER ana julia:20180`), a closed connection removes its user. (It never
# expires silent users.) It prints `listening on 127.0.0.1:PORT` on stderr.
#
# Mistakes (the first argument):
#   correct    none
#   one-recv   each recv() is taken as one line (several lines in one segment are lost)
#   no-crlf    replies are sent without their \r\n
#   reset      every connection is reset a moment after it is accepted, nothing read
#
# Usage: python3 -u broken_chat_server.py MISTAKE

import socket, struct, sys, threading, time

BUG = sys.argv[1]
END = b"" if BUG == "no-crlf" else b"\r\n"
lock = threading.Lock()
users = {}  # name -> (ip, port)


def lines(conn):
    buf = b""
    while True:
        data = conn.recv(4096)
        if not data:
            return
        if BUG == "one-recv":
            yield data.rstrip(b"\r\n").decode("utf-8", "replace")
            continue
        buf += data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            yield line.rstrip(b"\r").decode("utf-8", "replace")


def serve(conn, addr):
    me = None
    try:
        for line in lines(conn):
            if me is None:
                if not line.startswith("USER ") or ":" not in line:
                    conn.sendall(b"ERR command before USER\r\n")
                    break
                name, _, port = line[5:].rpartition(":")
                name = name.strip()
                ok = name and ":" not in name and port.isdigit()
                ok = ok and 0 < int(port) < 65536
                with lock:
                    taken = name in users
                    if ok and not taken:
                        users[name] = (addr[0], int(port))
                        me = name
                if me is None:
                    conn.sendall(b"ERR name taken\r\n" if taken else b"ERR bad USER\r\n")
                    break
            elif line == "LIST":
                with lock:
                    others = [n for n in users if n != me]
                conn.sendall(("LIST " + ":".join(others)).encode() + END)
            elif line.startswith("ADDR "):
                with lock:
                    found = users.get(line[5:])
                if found:
                    conn.sendall(("ADDR %s:%d" % found).encode() + END)
    except OSError:
        pass
    with lock:
        if me is not None:
            users.pop(me, None)
    conn.close()


def reset(conn):
    # A moment after accepting (what the caller sent is waiting), reset: nothing read.
    time.sleep(0.2)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(64)
print("listening on 127.0.0.1:%d" % server.getsockname()[1], file=sys.stderr, flush=True)
while True:
    conn, addr = server.accept()
    if BUG == "reset":
        threading.Thread(target=reset, args=(conn,), daemon=True).start()
        continue
    threading.Thread(target=serve, args=(conn, addr), daemon=True).start()
