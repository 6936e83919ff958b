#!/usr/bin/python3
"""mcast lab: two receivers and two senders on four hosts through one switch.

Topology: one Linux bridge (multicast snooping off, see lib/netlab_lab.py).

    r1 (10.0.0.1)   r2 (10.0.0.2)   ana (10.0.0.3)   bruno (10.0.0.4)
          \              |               |               /
           +------------------------ s1 ----------------+

Every process pins its host's lab interface with `-i <host IP>`. Checks:
  - both receivers have joined 224.3.29.71 on their hN-eth0 (read from the host's
    own `ip maddr`, no dependency on a log line);
  - each sender's lines reach both receivers as `NAME: TEXT`, from the sender host's own IP
    (receivers run with -v, which prefixes `[IP:PORT] `);
  - Ana sends the quit word `sair`: both receivers say Ana ended the chat and exit 0,
    Ana's sender exits 0; Bruno's sender exits 0 on EOF.
"""

import os
import re
import sys

sys.dont_write_bytecode = True   # keep labs/lib free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from netlab_lab import Lab  # noqa: E402
from mininet.topo import Topo  # noqa: E402

GROUP = '224.3.29.71'
PORT = 5007
QUIT = 'sair'

# ---- every line this lab relies on (regexes) -------------------------------------
# receiver stdout; with -v the receiver prefixes the sender's address, which must be the
# sending host's own lab IP (the sender pinned its interface with -i)
SAID = r'^\[{ip}:\d+\] {name}: {text}$'
ENDED = r'\bAna\b.*\bended the chat\b'                           # receiver, any stream
# -----------------------------------------------------------------------------------


class OneSwitch(Topo):
    def build(self):
        s1 = self.addSwitch('s1')
        for k, name in enumerate(('r1', 'r2', 'ana', 'bruno'), 1):
            self.addLink(self.addHost(name, ip='10.0.0.%d/24' % k), s1)


def joined(host):
    out = host.cmd('ip maddr show dev %s-eth0' % host.name)
    return ('inet  %s' % GROUP) in out or ('inet %s' % GROUP) in out


def scenario(lab):
    net = lab.network(OneSwitch())
    r1_h, r2_h, ana_h, bruno_h = net.get('r1', 'r2', 'ana', 'bruno')

    lab.step('receivers on r1 and r2')
    recvs = []
    for h in (r1_h, r2_h):
        r = lab.netlab(h, 'recv-%s' % h.name,
                       ['-v', 'mcast', 'recv', '--show-sender', '-i', h.IP(), '-g', GROUP, '-p', str(PORT)])
        lab.transcript(r, 'stdout', 'receiver on %s stdout' % h.name)
        recvs.append(r)
    for h in (r1_h, r2_h):
        lab.wait_until(lambda h=h: joined(h), timeout=10,
                       what='%s joined %s on %s-eth0' % (h.name, GROUP, h.name))

    lab.step('senders Ana (host ana) and Bruno (host bruno)')
    ana = lab.netlab(ana_h, 'send-Ana',
                     ['-v', 'mcast', 'send', '-u', 'Ana', '-i', ana_h.IP(), '-g', GROUP, '-p', str(PORT)])
    bruno = lab.netlab(bruno_h, 'send-Bruno',
                       ['-v', 'mcast', 'send', '-u', 'Bruno', '-i', bruno_h.IP(), '-g', GROUP, '-p', str(PORT)])

    lines = [(ana, 'Ana', 'Olá, pessoal!'), (bruno, 'Bruno', 'Oi Ana, tudo certo?'),
             (ana, 'Ana', 'Tudo! Vou sair já já.')]
    for proc, name, text in lines:
        lab.step('%s says %r' % (name, text))
        lab.send(proc, text)
        for r in recvs:
            lab.expect(r, SAID.format(ip=re.escape(proc.host.IP()), name=name, text=re.escape(text)),
                       timeout=10,
                       what='%s gets %s\'s line' % (r.name, name))

    lab.step('Ana sends the quit word %r' % QUIT)
    lab.send(ana, QUIT)
    for r in recvs:
        lab.expect(r, ENDED, stream='any', timeout=10, what='%s: Ana ended the chat' % r.name)
    for r in recvs:
        lab.expect_exit(r, 0)
    lab.expect_exit(ana, 0)
    lab.close_stdin(bruno)
    lab.expect_exit(bruno, 0)


if __name__ == '__main__':
    Lab('mcast').main(scenario)
