# The socket tutorial's framing, as libclient.py and libserver.py build it: a 2-byte big-endian
# proto-header, the JSON header from `json.dumps(..., ensure_ascii=False)`, then the content;
# and `recvall`. Imported by app_client.py and app_server.py; not run on its own.

import json, struct, sys

def recvall(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(4096 if n - len(data) > 4096 else n - len(data))
        if not chunk:
            raise RuntimeError("Peer closed.")
        data += chunk
    return data

def json_encode(obj, encoding):
    return json.dumps(obj, ensure_ascii=False).encode(encoding)

def create_message(content_bytes, content_type, content_encoding):
    jsonheader = {
        "byteorder": sys.byteorder,
        "content-type": content_type,
        "content-encoding": content_encoding,
        "content-length": len(content_bytes),
    }
    jsonheader_bytes = json_encode(jsonheader, "utf-8")
    return struct.pack(">H", len(jsonheader_bytes)) + jsonheader_bytes + content_bytes
