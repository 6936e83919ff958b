#!/usr/bin/python3
"""msg lab: the original assignment's Figure 1 on Mininet.

Topology: two Linux bridges joined by a link; the server and both emitters on s1,
both displays on s2, so every relayed message crosses the inter-switch link.

    srv (10.0.0.1)  e1 (10.0.0.2)  e2 (10.0.0.3)      d1001 (10.0.0.4)  d1002 (10.0.0.5)
          \            |            /                      \              /
           +--------- s1 ----------+ ------------------------ s2 --------+

The original's four tests:
  1. emitter 1 sends "Ob-la-di" to all displays;
  2. emitter 1 sends "Ob-la-da" to display 1002;
  3. emitter 2 sends "Life goes on, brah!!!" to display 1001;
  4. emitter 1 sends QEM asking display 1001 to show the client list.
The displays' transcripts are printed at the end.

Run: sudo /usr/bin/python3 labs/msg_lab.py   (NETLAB_BIN=... to pick the binary)
"""

import os
import sys

sys.dont_write_bytecode = True   # keep labs/lib free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from netlab_lab import Lab  # noqa: E402
from mininet.topo import Topo  # noqa: E402

PORT = 55555

# ---- every line this lab relies on (regexes) -------------------------------------
LISTENING = r'listening on .*:%d\b' % PORT                      # server, stderr
MESSAGE = r'^Message from {orig}: {text}$'                       # display, stdout
CLIENTS = r'^Clients \(4\): 1 2 1001 1002$'                      # display, stdout
# -----------------------------------------------------------------------------------


class Figure1(Topo):
    def build(self):
        s1 = self.addSwitch('s1')
        s2 = self.addSwitch('s2')
        self.addLink(s1, s2)
        for k, name in enumerate(('srv', 'e1', 'e2', 'd1001', 'd1002'), 1):
            self.addLink(self.addHost(name, ip='10.0.0.%d/24' % k), s1 if k <= 3 else s2)


def msg_line(orig, text):
    import re
    return MESSAGE.format(orig=orig, text=re.escape(text))


def scenario(lab):
    net = lab.network(Figure1())
    srv_h, e1_h, e2_h, d1_h, d2_h = net.get('srv', 'e1', 'e2', 'd1001', 'd1002')
    server_addr = '%s:%d' % (srv_h.IP(), PORT)

    lab.step('server on srv')
    srv = lab.netlab(srv_h, 'server', ['-v', 'msg', 'server', '-p', str(PORT), '-b', srv_h.IP()])
    lab.expect(srv, LISTENING, stream='stderr', timeout=10)

    lab.step('displays 1001 and 1002 on s2, emitters 1 and 2 on s1')
    d1001 = lab.netlab(d1_h, 'display1001', ['-v', 'msg', 'display', server_addr, '--id', '1001'])
    d1002 = lab.netlab(d2_h, 'display1002', ['-v', 'msg', 'display', server_addr, '--id', '1002'])
    e1 = lab.netlab(e1_h, 'emitter1', ['-v', 'msg', 'emitter', server_addr, '--id', '1'])
    e2 = lab.netlab(e2_h, 'emitter2', ['-v', 'msg', 'emitter', server_addr, '--id', '2'])
    lab.transcript(d1001, 'stdout', 'display 1001 (host d1001) stdout')
    lab.transcript(d1002, 'stdout', 'display 1002 (host d1002) stdout')

    lab.step('readiness: emitter 1 asks display 1002 for the list until all four are registered')
    lab.poll(lambda: lab.send(e1, '/who 1002'), d1002, CLIENTS, timeout=20, interval=0.3,
             what='display 1002 lists all four clients (readiness)')

    lab.step('test 1: emitter 1 sends "Ob-la-di" to all displays')
    lab.send(e1, 'Ob-la-di')
    lab.expect(d1001, msg_line(1, 'Ob-la-di'), what='display 1001 gets Ob-la-di from 1')
    lab.expect(d1002, msg_line(1, 'Ob-la-di'), what='display 1002 gets Ob-la-di from 1')

    lab.step('test 2: emitter 1 sends "Ob-la-da" to display 1002')
    lab.send(e1, '/msg 1002 Ob-la-da')
    lab.expect(d1002, msg_line(1, 'Ob-la-da'), what='display 1002 gets Ob-la-da from 1')

    lab.step('test 3: emitter 2 sends "Life goes on, brah!!!" to display 1001')
    lab.send(e2, '/msg 1001 Life goes on, brah!!!')
    lab.expect(d1001, msg_line(2, 'Life goes on, brah!!!'), what='display 1001 gets Life goes on from 2')

    lab.step('test 4: emitter 1 sends QEM asking display 1001 to show the client list')
    lab.send(e1, '/who 1001')
    lab.expect(d1001, CLIENTS, what='display 1001 prints the client list')

    lab.step('private messages stayed private')
    lab.expect_none(d1001, r'Ob-la-da', what='display 1001 never got Ob-la-da')
    lab.expect_none(d1002, r'Life goes on', what='display 1002 never got Life goes on')

    lab.step('shutdown: emitters /quit, displays and server Ctrl-C')
    lab.send(e1, '/quit')
    lab.send(e2, '/quit')
    lab.expect_exit(e1, 0)
    lab.expect_exit(e2, 0)
    lab.interrupt(d1001)
    lab.interrupt(d1002)
    lab.expect_exit(d1001, 0)
    lab.expect_exit(d1002, 0)
    lab.interrupt(srv)
    lab.expect_exit(srv, 0)


if __name__ == '__main__':
    Lab('msg').main(scenario)
