# A client framed like the tutorial's libclient.py (create_request as in app-client.py): sends
# the request (`search` as JSON, any other ACTION as binary ACTION+VALUE), reads the response
# by its proto-header, JSON header and content-length, then checks that the server closed,
# that the response is byte-identical to what libserver.py builds for the same content, and
# prints what the tutorial prints.
#
# Usage: python3 -u app_client.py HOST PORT ACTION VALUE       (tests/app_python.rs)

import json, socket, struct, sys

from app_framing import create_message, json_encode, recvall

host, port, action, value = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
if action == "search":
    request = create_message(json_encode(dict(action=action, value=value), "utf-8"), "text/json", "utf-8")
else:
    request = create_message(bytes(action + value, encoding="utf-8"), "binary/custom-client-binary-type", "binary")

sock = socket.create_connection((host, port))
sock.sendall(request)
hdrlen = struct.unpack(">H", recvall(sock, 2))[0]
raw_header = recvall(sock, hdrlen)
jsonheader = json.loads(raw_header.decode("utf-8"))
for reqhdr in ("byteorder", "content-length", "content-type", "content-encoding"):
    if reqhdr not in jsonheader:
        raise ValueError(f"Missing required header '{reqhdr}'.")
content = recvall(sock, jsonheader["content-length"])
closed = sock.recv(1) == b""
sock.close()
data = struct.pack(">H", hdrlen) + raw_header + content
print("server closed" if closed else "server did NOT close")
if jsonheader["content-type"] == "text/json":
    response = json.loads(content.decode(jsonheader["content-encoding"]))
    same = data == create_message(json_encode(response, "utf-8"), "text/json", "utf-8")
    print("identical" if same else f"DIFFERENT {data!r}")
    print(f"got result: {response.get('result')}")
else:
    same = data == create_message(content, "binary/custom-server-binary-type", "binary")
    print("identical" if same else f"DIFFERENT {data!r}")
    print(f"got response: {content!r}")
