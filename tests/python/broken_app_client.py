# A student's app client (the socket tutorial's JSON-header framing) with one deliberate
# mistake, for the tests of `netlab check app-client` (tests/check_clients.rs). Without a
# mistake: the request is a 2-byte big-endian header length, the JSON header (byteorder,
# content-type, content-encoding, content-length in bytes) and the content; the response is
# read from the stream by the same framing, however it is split, and `got result: …` printed.
#
# Mistakes (the first argument):
#   correct        none
#   chars-length   content-length counts characters, not bytes
#   one-recv       takes one recv for the whole response
#
# Usage: python3 -u broken_app_client.py MISTAKE HOST PORT ACTION VALUE

import json, socket, struct, sys

mistake, host, port, action, value = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]

text = json.dumps(dict(action=action, value=value), ensure_ascii=False)
content = text.encode('utf-8')
header = {
    'byteorder': sys.byteorder,
    'content-type': 'text/json',
    'content-encoding': 'utf-8',
    'content-length': len(text) if mistake == 'chars-length' else len(content),
}
raw_header = json.dumps(header, ensure_ascii=False).encode('utf-8')
sock = socket.create_connection((host, port))
sock.sendall(struct.pack('>H', len(raw_header)) + raw_header + content)

def recvall(n):
    data = b''
    while len(data) < n:
        part = sock.recv(n - len(data))
        if not part:
            raise EOFError('the server closed')
        data += part
    return data

if mistake == 'one-recv':
    data = sock.recv(4096)
    hdrlen = struct.unpack('>H', data[:2])[0]
    jsonheader = json.loads(data[2:2 + hdrlen].decode('utf-8'))
    body = data[2 + hdrlen:2 + hdrlen + jsonheader['content-length']]
else:
    hdrlen = struct.unpack('>H', recvall(2))[0]
    jsonheader = json.loads(recvall(hdrlen).decode('utf-8'))
    body = recvall(jsonheader['content-length'])
response = json.loads(body.decode(jsonheader['content-encoding']))
print(f"got result: {response.get('result')}", flush=True)
sock.close()
