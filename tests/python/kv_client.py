# TP3client.py, the student's kv client. It listens on PORT (0: the OS picks; it prints
# `porto N` first), sends ID to the node at IP:PORT, then per stdin command (`? KEY`, `T`, `Q`)
# a KEYREQ or TOPOREQ, and accepts answer connections until WINDOW seconds (default 4) pass
# with none. Each answer connection must carry exactly one RESP and then close, else the answer
# is incorrect.
#
# Usage: python3 -u kv_client.py PORT IP:PORT [WINDOW_SECONDS]       (tests/kv_python.rs)

import select, socket, struct, sys

from kv_common import recvall

ID, KEYREQ, TOPOREQ, RESP = 4, 5, 6, 9

porto = int(sys.argv[1])
ip_s, porto_s = sys.argv[2].split(":")
janela = float(sys.argv[3]) if len(sys.argv) > 3 else 4.0

escuta = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
escuta.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
escuta.bind(("127.0.0.1", porto))
escuta.listen(10)
porto = escuta.getsockname()[1]
print(f"porto {porto}")

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((ip_s, int(porto_s)))
s.send(struct.pack("!HH", ID, porto))

nseq = 0
for linha in sys.stdin:
    cmd = linha.strip()
    if cmd in ("Q", "q"):
        break
    if cmd.startswith("?") and cmd[1:].strip():
        chave = cmd[1:].strip().encode()
        s.send(struct.pack("!HIH", KEYREQ, nseq, len(chave)) + chave)
    elif cmd in ("T", "t"):
        s.send(struct.pack("!HI", TOPOREQ, nseq))
    else:
        print("Comando desconhecido")
        continue
    esperado = nseq
    nseq += 1
    recebeu = False
    while True:
        prontos, _, _ = select.select([escuta], [], [], janela)
        if not prontos:
            break
        conn, addr = escuta.accept()
        origem = f"{addr[0]}:{addr[1]}"
        conn.settimeout(5)
        try:
            tipo, n, tamanho = struct.unpack("!HIH", recvall(conn, 8))
            valor = recvall(conn, tamanho)
            sobra = conn.recv(1)
        except (ConnectionError, OSError, struct.error):
            tipo, sobra = None, b""
        conn.close()
        if tipo != RESP or n != esperado or sobra:
            print(f"Mensagem incorreta recebida de {origem}")
            continue
        print(f"{valor.decode()} {origem}")
        recebeu = True
    if not recebeu:
        print("Nenhuma resposta recebida")
s.close()
