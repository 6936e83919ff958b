#!/usr/bin/python3
"""chat lab: a directory host and three peer hosts (the original's Ana/Bruno/Camila table).

Topology: one Linux bridge.

    dir (10.0.0.1)   ana (10.0.0.2)   bruno (10.0.0.3)   camila (10.0.0.4)
          \               |                |                /
           +------------------------- s1 -----------------+

Checks:
  - a raw protocol probe (Debian python3 on the directory host, speaking the text
    protocol) registers, waits until Ana, Bruno and Camila are listed, and asks ADDR for
    each: every answer carries that peer's real host IP (never 127.0.0.1/0.0.0.0);
  - Bruno and Camila /list each other and Ana;
  - Camila /chat Bruno across hosts: "Oi Bruno!" / "Tudo bem, Camila?", Bruno "Tchau"
    and /bye; Ana with no conversation gets the notice; Ana then /chat Camila;
  - everyone /exit (exit 0), then the server Ctrl-C (exit 0).
"""

import os
import re
import sys

sys.dont_write_bytecode = True   # keep labs/lib free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from netlab_lab import Lab  # noqa: E402
from mininet.topo import Topo  # noqa: E402

PORT = 10000

# ---- every line this lab relies on (regexes) -------------------------------------
LISTENING = r'listening on .*:%d\b' % PORT                          # server, stderr
ONLINE = r'^Online \(besides you\): {names}$'                        # peer, stdout
CONNECTED = r'^Connected to {name}$'                                 # peer, any stream
SAID = r'^{name}: {text}$'                                           # peer, stdout
LEFT = r'^{name} left the conversation$'                             # peer, any stream
NO_ACTIVE = r'^No active P2P connection$'                            # peer, any stream
PROBE_ADDR = r'^probe ADDR {name} (\S+)$'                            # probe, stdout
FORBIDDEN = r'127\.0\.0\.1|0\.0\.0\.0'
# -----------------------------------------------------------------------------------

# The probe: registers as "probe", polls LIST until every expected name is online,
# then asks ADDR for each and prints `probe ADDR NAME ANSWER`, then leaves.
PROBE = r'''
import socket, sys, time
server, names = sys.argv[1], sys.argv[2:]
host, port = server.rsplit(':', 1)
s = socket.create_connection((host, int(port)), timeout=10)
f = s.makefile('rb')
def send(line):
    s.sendall(line.encode() + b'\r\n')
def recv():
    line = f.readline()
    if not line:
        sys.exit('probe: server closed the connection')
    return line.decode().rstrip('\r\n')
send('USER probe:9')
deadline = time.time() + 20
while True:
    send('LIST')
    ans = recv()
    print('probe LIST ->', repr(ans), flush=True)
    online = [n.strip() for n in ans[4:].split(':') if n.strip()] if ans.startswith('LIST') else []
    if all(n in online for n in names):
        break
    if time.time() > deadline:
        sys.exit('probe: not everyone came online: %r' % ans)
    time.sleep(0.3)
for n in names:
    send('ADDR ' + n)
    ans = recv()
    # `ADDR ip:port` (or the later edition's `ADDR name:ip:port`)
    addr = ans.split(' ', 1)[1] if ans.startswith('ADDR ') else '?' + ans
    if addr.count(':') == 2:
        addr = addr.split(':', 1)[1]
    print('probe ADDR %s %s' % (n, addr), flush=True)
s.close()
print('probe done', flush=True)
'''


class Star(Topo):
    def build(self):
        s1 = self.addSwitch('s1')
        for k, name in enumerate(('dir', 'ana', 'bruno', 'camila'), 1):
            self.addLink(self.addHost(name, ip='10.0.0.%d/24' % k), s1)


def scenario(lab):
    net = lab.network(Star())
    dir_h, ana_h, bruno_h, camila_h = net.get('dir', 'ana', 'bruno', 'camila')
    server = '%s:%d' % (dir_h.IP(), PORT)

    lab.step('directory server on host dir')
    srv = lab.netlab(dir_h, 'server', ['-v', 'chat', 'server', '-p', str(PORT), '-b', dir_h.IP()])
    lab.expect(srv, LISTENING, stream='stderr', timeout=10)

    lab.step('peers Ana, Bruno, Camila on their own hosts')
    peers = {}
    for pname, h in (('Ana', ana_h), ('Bruno', bruno_h), ('Camila', camila_h)):
        peers[pname] = lab.netlab(h, pname, ['-v', 'chat', 'peer', pname, '--server', server])
        lab.transcript(peers[pname], 'stdout', '%s (host %s) stdout' % (pname, h.name))
    ana, bruno, camila = peers['Ana'], peers['Bruno'], peers['Camila']

    lab.step('raw probe on host dir: ADDR answers carry the peers\' real IPs')
    probe = lab.python(dir_h, 'probe', PROBE, [server, 'Ana', 'Bruno', 'Camila'])
    for pname, h in (('Ana', ana_h), ('Bruno', bruno_h), ('Camila', camila_h)):
        m = lab.expect(probe, PROBE_ADDR.format(name=pname), timeout=25,
                       what='ADDR %s answered' % pname)
        if not re.match(r'^%s:\d+$' % re.escape(h.IP()), m.group(1)):
            lab.fail('ADDR %s is %r, expected %s:PORT (host %s)' % (pname, m.group(1), h.IP(), h.name))
        print('             ADDR %s = %s is host %s\'s IP' % (pname, m.group(1), h.name))
    lab.expect(probe, r'^probe done$')
    lab.expect_exit(probe, 0)

    lab.step('Bruno and Camila list who is online (retried until the probe is gone)')
    lab.poll(lambda: lab.send(bruno, '/list'), bruno,
             ONLINE.format(names='(Ana, Camila|Camila, Ana)'), timeout=10, interval=1.0,
             what='Bruno sees Ana and Camila')
    lab.poll(lambda: lab.send(camila, '/list'), camila,
             ONLINE.format(names='(Ana, Bruno|Bruno, Ana)'), timeout=10, interval=1.0,
             what='Camila sees Ana and Bruno')

    lab.step('Camila opens a chat with Bruno (across hosts)')
    lab.send(camila, '/chat Bruno')
    lab.expect(bruno, CONNECTED.format(name='Camila'), stream='any', timeout=10,
               what='Bruno: Connected to Camila')
    lab.send(camila, 'Oi Bruno!')
    lab.expect(bruno, SAID.format(name='Camila', text=re.escape('Oi Bruno!')),
               what='Bruno receives "Oi Bruno!"')
    lab.send(bruno, 'Tudo bem, Camila?')
    lab.expect(camila, SAID.format(name='Bruno', text=re.escape('Tudo bem, Camila?')),
               what='Camila receives "Tudo bem, Camila?"')
    lab.send(bruno, 'Tchau')
    lab.expect(camila, SAID.format(name='Bruno', text='Tchau'), what='Camila receives "Tchau"')
    lab.send(bruno, '/bye')
    lab.expect(camila, LEFT.format(name='Bruno'), stream='any', what='Camila: Bruno left')

    lab.step('Ana types with no conversation open, then chats with Camila')
    lab.send(ana, 'Alguém aí?')
    lab.expect(ana, NO_ACTIVE, stream='any', what='Ana: No active P2P connection')
    lab.send(ana, '/chat Camila')
    lab.expect(camila, CONNECTED.format(name='Ana'), stream='any', timeout=10,
               what='Camila: Connected to Ana')
    lab.send(ana, 'Oi Camila, aqui é a Ana')
    lab.expect(camila, SAID.format(name='Ana', text='Oi Camila, aqui é a Ana'),
               what='Camila receives Ana\'s line')
    lab.send(camila, 'Oi Ana!')
    lab.expect(ana, SAID.format(name='Camila', text='Oi Ana!'), what='Ana receives "Oi Ana!"')

    lab.step('everyone /exit, then the directory Ctrl-C')
    for p in (ana, bruno, camila):
        lab.send(p, '/exit')
    for p in (ana, bruno, camila):
        lab.expect_exit(p, 0)
    for p in (ana, bruno, camila):
        lab.expect_none(p, FORBIDDEN, stream='stdout', what='%s shows no 127.0.0.1/0.0.0.0' % p.name)
    lab.interrupt(srv)
    lab.expect_exit(srv, 0)


if __name__ == '__main__':
    Lab('chat').main(scenario)
