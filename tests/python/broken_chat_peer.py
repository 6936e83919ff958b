# A student's chat peer's listening side with one deliberate mistake, for the tests of
# `netlab check chat-peer` (tests/check_broken.rs). Without a mistake: a thread per caller,
# lines reassembled from the stream (\r\n or \n), `USER name` first, then text shown as
# `name: text`, DISC closes the conversation. It prints `listening on 127.0.0.1:PORT` on
# stderr.
#
# Mistakes (the first argument):
#   correct    none
#   one-recv   each recv() is taken as one message (lines run together are one message)
#   reset      every connection is reset a moment after it is accepted, nothing read
#
# Usage: python3 -u broken_chat_peer.py MISTAKE

import socket, struct, sys, threading, time

BUG = sys.argv[1]


def messages(conn):
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


def serve(conn):
    name = "?"
    try:
        for message in messages(conn):
            if message == "DISC":
                break
            if message.startswith("USER "):
                name = message[5:]
            else:
                print("%s: %s" % (name, message), flush=True)
    except OSError:
        pass
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
    conn, _ = server.accept()
    if BUG == "reset":
        threading.Thread(target=reset, args=(conn,), daemon=True).start()
        continue
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
