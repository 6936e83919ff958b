# The socket tutorial's multiconn-server.py on 127.0.0.1 port 0 (printed as
# `listening on ('127.0.0.1', PORT)`), which runs until killed. It polls for writability while
# a connection is open, as the tutorial does: busy only briefly in the tests.
#
# Usage: python3 -u multiconn_server.py       (tests/app_python.rs)

import selectors, socket, types

sel = selectors.DefaultSelector()

def accept_wrapper(sock):
    conn, addr = sock.accept()
    print(f"accepted connection from {addr}")
    conn.setblocking(False)
    data = types.SimpleNamespace(addr=addr, inb=b"", outb=b"")
    events = selectors.EVENT_READ | selectors.EVENT_WRITE
    sel.register(conn, events, data=data)

def service_connection(key, mask):
    sock = key.fileobj
    data = key.data
    if mask & selectors.EVENT_READ:
        recv_data = sock.recv(1024)
        if recv_data:
            data.outb += recv_data
        else:
            print(f"closing connection to {data.addr}")
            sel.unregister(sock)
            sock.close()
    if mask & selectors.EVENT_WRITE:
        if data.outb:
            print(f"echoing {data.outb!r} to {data.addr}")
            sent = sock.send(data.outb)
            data.outb = data.outb[sent:]

lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lsock.bind(("127.0.0.1", 0))
lsock.listen()
print(f"listening on {lsock.getsockname()}")
lsock.setblocking(False)
sel.register(lsock, selectors.EVENT_READ, data=None)
while True:
    for key, mask in sel.select(timeout=None):
        if key.data is None:
            accept_wrapper(key.fileobj)
        else:
            service_connection(key, mask)
