# A server framed like the tutorial's libserver.py, answering from the tutorial's
# request_search table: reads the request by its headers, checks that it is byte-identical to
# what libclient.py builds for the same content, logs as the tutorial does, answers, closes.
# It prints `listening on ('127.0.0.1', PORT)` first (port 0), serves COUNT connections, then
# exits.
#
# With `single-quotes`, a miss and an unknown action are answered as the tutorial's own
# published server does (`No match for 'needle'.`, where the article's transcript shows
# double quotes).
#
# Usage: python3 -u app_server.py COUNT [single-quotes]   (tests/app_python.rs, check_broken.rs)

import json, socket, struct, sys

from app_framing import create_message, json_encode, recvall

request_search = {
    "morpheus": "Follow the white rabbit. \U0001f430",
    "ring": "In the caves beneath the Misty Mountains. \U0001f48d",
    "\U0001f436": "\U0001f43e Playing ball! \U0001f3d0",
}

Q = "'" if sys.argv[2:3] == ["single-quotes"] else '"'

lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lsock.bind(("127.0.0.1", 0))
lsock.listen()
print(f"listening on {lsock.getsockname()}")
for _ in range(int(sys.argv[1])):
    conn, addr = lsock.accept()
    print(f"accepted connection from {addr}")
    hdrlen = struct.unpack(">H", recvall(conn, 2))[0]
    raw_header = recvall(conn, hdrlen)
    jsonheader = json.loads(raw_header.decode("utf-8"))
    request = recvall(conn, jsonheader["content-length"])
    data = struct.pack(">H", hdrlen) + raw_header + request
    if jsonheader["content-type"] == "text/json":
        request = json.loads(request.decode(jsonheader["content-encoding"]))
        same = data == create_message(json_encode(request, "utf-8"), "text/json", "utf-8")
        print("request identical" if same else f"request DIFFERENT {data!r}")
        print(f"received request {request!r} from {addr}")
        action = request.get("action")
        if action == "search":
            query = request.get("value")
            answer = request_search.get(query) or f'No match for {Q}{query}{Q}.'
            content = {"result": answer}
        else:
            content = {"result": f'Error: invalid action {Q}{action}{Q}.'}
        response = create_message(json_encode(content, "utf-8"), "text/json", "utf-8")
    else:
        same = data == create_message(request, jsonheader["content-type"], "binary")
        print("request identical" if same else f"request DIFFERENT {data!r}")
        print(f"received {jsonheader['content-type']} request from {addr}")
        response = create_message(b"First 10 bytes of request: " + request[:10], "binary/custom-server-binary-type", "binary")
    conn.sendall(response)
    print(f"closing connection to {addr}")
    conn.close()
