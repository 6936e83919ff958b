# A student's kv servent with one deliberate mistake, for the tests of `netlab check kv`
# (tests/check_broken.rs). Without a mistake it follows the spec: a thread per connection, each
# message read field by field, answers on a new connection each, floods with TTL 3 whether or
# not it has the key, duplicates dropped (its own floods recorded), ttl 0 dropped, trailing
# spaces of topology lists removed. It prints `listening on 127.0.0.1:PORT` on stderr first.
#
# Mistakes (the first argument):
#   correct               none
#   le-size               RESP and flood sizes packed little-endian
#   stops-flooding        a key it holds is answered and not flooded further
#   ttl-forwards-dead     a copy that arrives with ttl 1 is forwarded with ttl 0
#   ttl-decrements-first  the ttl is decremented before answering (ttl 1 is never answered)
#   no-dedup              no duplicate suppression at all
#   origin-not-recorded   duplicates of others' floods dropped, its own floods not recorded
#   signed-port           ports read as signed 16-bit numbers
#   no-trim               topology lists grow without removing trailing spaces
#
# Usage: python3 -u broken_kv_node.py MISTAKE DBFILE

import socket, struct, sys, threading

from kv_common import recvall

ID, KEYREQ, TOPOREQ, KEYFLOOD, TOPOFLOOD, RESP = 4, 5, 6, 7, 8, 9
BUG = sys.argv[1]
SIZE = "<H" if BUG == "le-size" else "!H"
PORT = "!h" if BUG == "signed-port" else "!H"

db = {}
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\r\n")
        if line and not line.startswith("#") and " " in line:
            key, value = line.split(" ", 1)
            db[key] = value.rstrip()

lock = threading.Lock()
neighbours = []
seen = set()

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(64)
me = "127.0.0.1:%d" % server.getsockname()[1]
print("listening on " + me, file=sys.stderr, flush=True)


def sized(data):
    return struct.pack(SIZE, len(data)) + data


def answer(ip, port, nseq, value):
    try:
        c = socket.create_connection((ip, port), timeout=3)
        c.sendall(struct.pack("!HI", RESP, nseq) + sized(value))
        c.close()
    except (OSError, OverflowError) as e:
        print("cannot answer %s:%s: %s" % (ip, port, e), file=sys.stderr, flush=True)


def flood(kind, ttl, nseq, ip, port, info, but=None):
    frame = struct.pack("!HHI4sH", kind, ttl, nseq, socket.inet_aton(ip), port & 0xFFFF)
    frame += sized(info)
    with lock:
        targets = [n for n in neighbours if n is not but]
    for n in targets:
        try:
            n.sendall(frame)
        except OSError:
            pass


def first_time(key):
    if BUG == "no-dedup":
        return True
    with lock:
        if key in seen:
            return False
        seen.add(key)
        return True


def serve(conn):
    client = None
    try:
        while True:
            head = conn.recv(2)
            if not head:
                break
            if len(head) < 2:
                head += recvall(conn, 1)
            (kind,) = struct.unpack("!H", head)
            if kind == ID:
                (port,) = struct.unpack(PORT, recvall(conn, 2))
                if port == 0:
                    with lock:
                        neighbours.append(conn)
                else:
                    client = (conn.getpeername()[0], port)
            elif kind in (KEYREQ, TOPOREQ):
                (nseq,) = struct.unpack("!I", recvall(conn, 4))
                if kind == KEYREQ:
                    (size,) = struct.unpack("!H", recvall(conn, 2))
                    if not 1 <= size <= 400:
                        break
                    info = recvall(conn, size)
                    value = db.get(info.decode("utf-8", "replace"))
                    flood_kind = KEYFLOOD
                else:
                    info = me.encode()
                    value = me
                    flood_kind = TOPOFLOOD
                ip, port = client
                if BUG != "origin-not-recorded":
                    first_time((flood_kind, ip, port, nseq))
                if value is not None:
                    answer(ip, port, nseq, value.encode())
                    if BUG == "stops-flooding" and kind == KEYREQ:
                        continue
                flood(flood_kind, 3, nseq, ip, port, info)
            elif kind in (KEYFLOOD, TOPOFLOOD):
                ttl, nseq, ip_b, port = struct.unpack("!HI4s" + PORT[1:], recvall(conn, 12))
                (size,) = struct.unpack("!H", recvall(conn, 2))
                info = recvall(conn, size)
                ip = socket.inet_ntoa(ip_b)
                if BUG == "ttl-decrements-first":
                    ttl -= 1
                if ttl <= 0 or not first_time((kind, ip, port, nseq)):
                    continue
                if kind == KEYFLOOD:
                    value = db.get(info.decode("utf-8", "replace"))
                    if value is not None:
                        answer(ip, port, nseq, value.encode())
                        if BUG == "stops-flooding":
                            continue
                else:
                    if BUG != "no-trim":
                        info = info.rstrip(b" ")
                    info = info + b" " + me.encode()
                    answer(ip, port, nseq, info)
                if BUG == "ttl-decrements-first":
                    if ttl > 0:
                        flood(kind, ttl, nseq, ip, port, info, but=conn)
                elif BUG == "ttl-forwards-dead":
                    flood(kind, ttl - 1, nseq, ip, port, info, but=conn)
                elif ttl - 1 > 0:
                    flood(kind, ttl - 1, nseq, ip, port, info, but=conn)
            else:
                break
    except (ConnectionError, OSError, struct.error):
        pass
    with lock:
        if conn in neighbours:
            neighbours.remove(conn)
    conn.close()


while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
