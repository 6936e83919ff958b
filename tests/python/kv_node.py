# TP3node.py, the student's kv servent. One select loop over the listening socket and every
# connection; each message read field by field with `recvall`. Spec behaviour: answers its
# client's KEYREQ/TOPOREQ and floods with TTL 3 whether or not it has the key; a flood seen
# before (type, ip, port, nseq) is dropped, its own included; ttl 0 dropped; answers on a new
# connection each; forwards with ttl-1 to every neighbour but the sender. It prints
# `-- SERVENT - Porta: N --` first (PORT 0: the OS picks), then what it does, in the original's
# words, for the test to wait on.
#
# With `SLOPPY = True` (the test writes such a copy) it makes the mistakes the spec's interop
# notes expect in the wild: a topology list with a trailing space, floods sent back to the
# neighbour they came from, and copies forwarded with ttl 0.
#
# Usage: python3 -u kv_node.py PORT DBFILE [IP:PORT ...]       (tests/kv_python.rs)

import select, socket, struct, sys

from kv_common import recvall

ID, KEYREQ, TOPOREQ, KEYFLOOD, TOPOFLOOD, RESP = 4, 5, 6, 7, 8, 9
SLOPPY = False

def carregar(caminho):
    banco = {}
    with open(caminho, encoding="utf-8") as f:
        for linha in f:
            linha = linha.rstrip("\n").rstrip("\r")
            if linha.startswith("#") or not linha.strip():
                continue
            chave = linha.split()[0]
            # The value starts after the blank that ends the key; trailing blanks go.
            valor = linha[linha.index(chave) + len(chave) + 1:].rstrip(" \t")
            if valor.strip():
                banco[chave] = valor
    return banco

porto = int(sys.argv[1])
banco = carregar(sys.argv[2])

servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
servidor.bind(("127.0.0.1", porto))
servidor.listen(10)
porto = servidor.getsockname()[1]
print(f"-- SERVENT - Porta: {porto} --")

entradas = [servidor]
servents = []
clientes = {}
vistos = set()

for vizinho in sys.argv[3:]:
    ip, p = vizinho.split(":")
    v = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    v.connect((ip, int(p)))
    v.send(struct.pack("!HH", ID, 0))
    entradas.append(v)
    servents.append(v)
    print(f"Conectado ao vizinho {vizinho}")

def nome(sock):
    return f"{sock.getsockname()[0]}:{porto}"

def responder(ip, p, nseq, valor):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.connect((ip, p))
    c.send(struct.pack("!HIH", RESP, nseq, len(valor)) + valor)
    c.close()
    print(f"Conectando com o cliente no porto {p}")

def alagar(tipo, ttl, nseq, ip, p, info, exceto=None):
    msg = struct.pack("!HHI4sHH", tipo, ttl, nseq, socket.inet_aton(ip), p, len(info)) + info
    for v in servents:
        if v is not exceto:
            v.send(msg)
            print(f"Enviando mensagem de alagamento para {v.getpeername()}")

def fechar(s):
    entradas.remove(s)
    if s in servents:
        servents.remove(s)
    clientes.pop(s, None)
    print(f"Encerrando conexão em {s.getpeername()}")
    s.close()

while True:
    prontos, _, _ = select.select(entradas, [], [])
    for s in prontos:
        if s is servidor:
            conn, addr = servidor.accept()
            entradas.append(conn)
            print(f"Nova conexão em {addr}")
            continue
        try:
            cabeca = s.recv(2)
            if not cabeca:
                fechar(s)
                continue
            if len(cabeca) < 2:
                cabeca += recvall(s, 1)
            (tipo,) = struct.unpack("!H", cabeca)
            if tipo == ID:
                (p,) = struct.unpack("!H", recvall(s, 2))
                if p == 0:
                    servents.append(s)
                    print(f"Recebeu ID de servent em {s.getpeername()}")
                else:
                    clientes[s] = (s.getpeername()[0], p)
                    print(f"Recebeu ID de cliente no porto {p}")
            elif tipo == KEYREQ:
                nseq, tamanho = struct.unpack("!IH", recvall(s, 6))
                chave = recvall(s, tamanho)
                ip, p = clientes[s]
                vistos.add((KEYFLOOD, ip, p, nseq))
                if chave.decode() in banco:
                    print(f"Servent possui a chave. Enviando resposta para cliente no porto {p}")
                    responder(ip, p, nseq, banco[chave.decode()].encode())
                alagar(KEYFLOOD, 3, nseq, ip, p, chave)
            elif tipo == TOPOREQ:
                (nseq,) = struct.unpack("!I", recvall(s, 4))
                ip, p = clientes[s]
                vistos.add((TOPOFLOOD, ip, p, nseq))
                eu = nome(s).encode()
                print("Requisição de topologia recebida. Iniciando alagamento.")
                responder(ip, p, nseq, eu)
                alagar(TOPOFLOOD, 3, nseq, ip, p, eu)
            elif tipo in (KEYFLOOD, TOPOFLOOD):
                ttl, nseq, ip_b, p, tamanho = struct.unpack("!HI4sHH", recvall(s, 14))
                info = recvall(s, tamanho)
                ip = socket.inet_ntoa(ip_b)
                if (tipo, ip, p, nseq) in vistos:
                    print(f"Alagamento repetido descartado: tipo {tipo} nseq {nseq} ttl {ttl}")
                    continue
                vistos.add((tipo, ip, p, nseq))
                if ttl == 0:
                    continue
                print(f"Mensagem de alagamento recebida: tipo {tipo} nseq {nseq} ttl {ttl}")
                if tipo == KEYFLOOD:
                    if info.decode() in banco:
                        responder(ip, p, nseq, banco[info.decode()].encode())
                elif SLOPPY:
                    info = info + b" " + nome(s).encode() + b" "
                    responder(ip, p, nseq, info)
                else:
                    info = info.rstrip(b" ") + b" " + nome(s).encode()
                    responder(ip, p, nseq, info)
                if SLOPPY:
                    alagar(tipo, ttl - 1, nseq, ip, p, info)
                elif ttl - 1 > 0:
                    alagar(tipo, ttl - 1, nseq, ip, p, info, exceto=s)
            else:
                print(f"Tipo desconhecido {tipo} de {s.getpeername()}")
                fechar(s)
        except (ConnectionError, OSError) as e:
            print(f"Erro: {e}")
            if s in entradas:
                fechar(s)
