#!/usr/bin/python3
"""kv lab: five nodes in a line on five hosts, a client on a sixth (the original's tests).

Topology: a line of bridges s1..s5, node host nK on sK, the client host on s1.

    c (10.0.0.6)
      |
    s1 ---- s2 ---- s3 ---- s4 ---- s5
    |       |       |       |       |
    n1      n2      n3      n4      n5        (10.0.0.1 .. 10.0.0.5)

Overlay: n1 - n2 - n3 - n4 - n5 (each node started with the previous one as its
neighbour), every node on the same port (distinct hosts, so the same port is fine).
The client talks to n1. Checks:
  - `T` answers list the first four nodes with their real host IPs (TTL 3), never
    the fifth, never 127.0.0.1 or 0.0.0.0;
  - `? KEY` for a key only n5 holds: `No response received`;
  - `? KEY` for a key only n4 holds: its value, delivered from n4's address.
No `-b`/`--advertise`: the nodes must name themselves by the local address of the
connection a request came in on.
"""

import os
import re
import sys

sys.dont_write_bytecode = True   # keep labs/lib free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from netlab_lab import Lab  # noqa: E402
from mininet.topo import Topo  # noqa: E402

NODE_PORT = 5000
CLIENT_PORT = 6000
WINDOW = '1.5'           # client --timeout (seconds of quiet that end a request)

# ---- every line this lab relies on (regexes) -------------------------------------
LISTENING = r'listening on .*:%d\b' % NODE_PORT                  # node, stderr
# node stderr, when a new node's ID(0) has been taken in: only then does a flood reach it
# (the new node's own "connected to neighbour" comes earlier and is not enough)
NEIGHBOUR_JOINED = r'neighbour {ip}:\d+ joined'
# client stdout: `VALUE IP:PORT` (IP:PORT = remote address of the delivering connection)
ANSWER = r'^{value} {ip}:\d+$'
NO_RESPONSE = r'^No response received$'
FORBIDDEN = r'127\.0\.0\.1|0\.0\.0\.0'
# -----------------------------------------------------------------------------------


class Line(Topo):
    def build(self):
        prev = None
        for k in range(1, 6):
            sw = self.addSwitch('s%d' % k)
            if prev:
                self.addLink(prev, sw)
            self.addLink(self.addHost('n%d' % k, ip='10.0.0.%d/24' % k), sw)
            prev = sw
        self.addLink(self.addHost('c', ip='10.0.0.6/24'), 's1')


def scenario(lab):
    net = lab.network(Line())
    nodes_h = [net.get('n%d' % k) for k in range(1, 6)]
    client_h = net.get('c')
    ip = [h.IP() for h in nodes_h]
    name = ['%s:%d' % (a, NODE_PORT) for a in ip]

    lab.step('databases: each node holds its own key; only n5 has key5, only n4 has key4')
    dbs = []
    for k in range(1, 6):
        path = os.path.join(lab.tempdir(), 'node%d.db' % k)
        with open(path, 'w') as f:
            f.write('# lab database of node %d\n' % k)
            f.write('key%d value of node %d\n' % (k, k))
            f.write('common common value held by node %d\n' % k)
        dbs.append(path)

    nodes = []
    for k in range(5):
        args = ['-v', 'kv', 'node', str(NODE_PORT), dbs[k]]
        if k > 0:
            args.append(name[k - 1])
        lab.step('node n%d (neighbour: %s)' % (k + 1, name[k - 1] if k else 'none'))
        n = lab.netlab(nodes_h[k], 'node%d' % (k + 1), args)
        lab.expect(n, LISTENING, stream='stderr', timeout=10)
        if k > 0:
            lab.expect(nodes[k - 1], NEIGHBOUR_JOINED.format(ip=re.escape(ip[k])), stream='stderr',
                       timeout=10, what='n%d took n%d in as a neighbour' % (k, k + 1))
        nodes.append(n)

    lab.step('client on host c, talking to n1')
    client = lab.netlab(client_h, 'client',
                        ['-v', 'kv', 'client', '--timeout', WINDOW, str(CLIENT_PORT), name[0]])
    lab.transcript(client, 'stdout', 'client (host c) stdout')

    lab.step('T: topology reaches n1..n4 (TTL 3)')
    lab.send(client, 'T')
    expected = []
    for k in range(1, 5):
        expected.append(ANSWER.format(value=re.escape(' '.join(name[:k])), ip=re.escape(ip[k - 1])))
    lab.expect_all(client, expected, timeout=15, what='client gets the four topology answers')

    lab.step('? key5: held only by n5, out of reach')
    lab.send(client, '? key5')
    lab.expect(client, NO_RESPONSE, timeout=15, what='client: no response for key5')

    lab.step('? key4: held by n4, three hops away')
    lab.send(client, '? key4')
    lab.expect(client, ANSWER.format(value=r'\s*value of node 4', ip=re.escape(ip[3])),
               timeout=15, what='client gets key4 from n4')

    lab.step('? common: every node within reach answers (n1..n4)')
    lab.send(client, '? common')
    lab.expect_all(client, [ANSWER.format(value=r'\s*common value held by node %d' % k,
                                          ip=re.escape(ip[k - 1])) for k in range(1, 5)],
                   timeout=15, what='client gets common from n1..n4')

    lab.step('Q, then the whole transcript is checked')
    lab.send(client, 'Q')
    lab.expect_exit(client, 0)
    lab.expect_none(client, re.escape(ip[4]), what='n5 (%s) never appears in any answer' % ip[4])
    lab.expect_none(client, r'node 5', what='no value from n5')
    lab.expect_none(client, FORBIDDEN, what='no 127.0.0.1 / 0.0.0.0 in any answer')
    lab.expect_none(client, r'^Incorrect message', what='no incorrect message')

    lab.step('Ctrl-C every node')
    for n in nodes:
        lab.interrupt(n)
    for n in nodes:
        lab.expect_exit(n, 0)


if __name__ == '__main__':
    Lab('kv').main(scenario)
