# What both kv student programs (kv_client.py, kv_node.py) share: `recvall`, which reads
# exactly n bytes or raises ConnectionError. Imported by them; not run on its own.

def recvall(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data
