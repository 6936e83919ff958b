"""Shared plumbing for the netlab Mininet labs.

A lab builds a Mininet topology (Linux bridges, no controller), starts the real
`netlab` binary on Mininet hosts (each process inside its host's network
namespace), and checks the outcome by waiting for output lines with deadlines.
Nothing runs in the machine's own namespace except Mininet itself.

Usage sketch (see msg_lab.py and friends):

    from netlab_lab import Lab, LabTopo

    def scenario(lab):
        net = lab.network(MyTopo())
        srv = lab.netlab(net.get('srv'), 'server', ['msg', 'server', '-p', '55555'])
        lab.expect(srv, r'listening on', stream='stderr')
        ...

    if __name__ == '__main__':
        Lab('msg').main(scenario)

Rules kept here:
- every wait is an expectation with a deadline on captured output (no sleeps as
  synchronisation); `poll` repeats an action until a line shows up;
- a failure names the expectation that failed and prints everything every
  process wrote on stdout and stderr, with timestamps;
- every process is killed (its whole process group) and the network stopped,
  whatever happened.

Environment:
  NETLAB_BIN           path of the netlab binary (default: <repo>/target/release/netlab)
  NETLAB_LAB_LIVE=1    echo every captured line as it arrives (debugging)
  NETLAB_LAB_PIDFILE   append the pid of every started process (the runner uses it
                       to kill leftovers if a lab is itself killed)
  NETLAB_LAB_SNOOPING  '1' keeps multicast snooping on the bridges (default: off)
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
STREAMS = ('stdout', 'stderr')


class LabFailure(Exception):
    """An expectation that did not hold."""


class LabAbort(BaseException):
    """The lab itself was told to stop (SIGTERM from the runner's timeout)."""


def netlab_bin():
    path = os.environ.get('NETLAB_BIN') or os.path.join(REPO, 'target', 'release', 'netlab')
    return os.path.abspath(path)


class Proc(object):
    """One process running on a Mininet host, its output captured line by line."""

    def __init__(self, lab, host, name, argv, popen):
        self.lab = lab
        self.host = host
        self.name = name
        self.argv = argv
        self.popen = popen
        self.pid = popen.pid
        self.lines = {s: [] for s in STREAMS}    # (seconds since lab start, text)
        self.cursor = {s: 0 for s in STREAMS}    # expect() consumes lines in order
        self.eof = {s: False for s in STREAMS}
        self.stdin_log = []                      # (t, line) written by the lab
        self.returncode = None
        self.threads = []
        for s in STREAMS:
            t = threading.Thread(target=self._reader, args=(s,),
                                 name='%s-%s' % (name, s), daemon=True)
            t.start()
            self.threads.append(t)

    def _reader(self, stream):
        pipe = getattr(self.popen, stream)
        live = os.environ.get('NETLAB_LAB_LIVE') == '1'
        for raw in iter(pipe.readline, b''):
            text = raw.decode('utf-8', 'replace').rstrip('\r\n')
            with self.lab.cond:
                self.lines[stream].append((self.lab.now(), text))
                self.lab.cond.notify_all()
            if live:
                sys.stdout.write('  [%s %s] %s\n' % (self.name, stream, text))
                sys.stdout.flush()
        with self.lab.cond:
            self.eof[stream] = True
            self.lab.cond.notify_all()

    def alive(self):
        return self.popen.poll() is None

    def text(self, stream='stdout'):
        with self.lab.cond:
            return [t for _, t in self.lines[stream]]

    def describe(self):
        return '%s on %s (pid %d)' % (self.name, self.host.name, self.pid)


class Lab(object):
    """A lab run: network, processes, expectations, report, cleanup."""

    def __init__(self, name):
        self.name = name
        self.t0 = time.time()
        self.cond = threading.Condition()
        self.net = None
        self.procs = []
        self.steps = []          # (t, description) for the report
        self.checks = 0          # expectations met
        self.tmpdir = None
        self.transcripts = []    # (proc, stream, title) printed at the end, pass or fail

    # ---- time and progress -------------------------------------------------

    def now(self):
        return time.time() - self.t0

    def step(self, text):
        self.steps.append((self.now(), text))
        print('[%6.2fs] %s' % (self.now(), text))
        sys.stdout.flush()

    def fail(self, text):
        raise LabFailure(text)

    def tempdir(self):
        if self.tmpdir is None:
            self.tmpdir = tempfile.mkdtemp(prefix='netlab-lab-%s-' % self.name)
        return self.tmpdir

    # ---- network -----------------------------------------------------------

    def network(self, topo):
        """Build and start a Mininet network of Linux bridges, no controller."""
        from mininet.net import Mininet
        from mininet.nodelib import LinuxBridge
        from mininet.log import setLogLevel
        setLogLevel(os.environ.get('NETLAB_LAB_MNLOG', 'warning'))
        self.step('starting Mininet topology %s' % topo.__class__.__name__)
        self.net = Mininet(topo=topo, switch=LinuxBridge, controller=None,
                           autoSetMacs=True)
        self.net.start()
        snoop = '1' if os.environ.get('NETLAB_LAB_SNOOPING') == '1' else '0'
        for sw in self.net.switches:
            # Without an IGMP querier a snooping bridge may stop forwarding a
            # group once memberships age out; the labs want plain flooding.
            path = '/sys/class/net/%s/bridge/multicast_snooping' % sw.name
            if os.path.exists(path):
                with open(path, 'w') as f:
                    f.write(snoop)
        for h in self.net.hosts:
            # Safety: a lab host must have no way out of the lab network.
            routes = h.cmd('ip route show default').strip()
            if routes:
                self.fail('host %s has a default route (%s): refusing to run' % (h.name, routes))
        self.step('hosts: ' + ', '.join('%s=%s' % (h.name, h.IP()) for h in self.net.hosts))
        return self.net

    # ---- processes ---------------------------------------------------------

    def spawn(self, host, name, argv, env=None, label=None):
        """Start argv on a Mininet host (inside its namespace), pipes on all three streams."""
        penv = dict(os.environ)
        penv.update({'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8', 'RUST_BACKTRACE': '1',
                     'PYTHONUNBUFFERED': '1'})
        if env:
            penv.update(env)
        popen = host.popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=penv, cwd=self.tempdir())
        proc = Proc(self, host, name, label or argv, popen)
        self.procs.append(proc)
        pidfile = os.environ.get('NETLAB_LAB_PIDFILE')
        if pidfile:
            with open(pidfile, 'a') as f:
                f.write('%d\n' % proc.pid)
        self.step('started %s: %s' % (proc.describe(), ' '.join(proc.argv)))
        return proc

    def netlab(self, host, name, args, lang='en', env=None):
        """Start the netlab binary with `--lang LANG ARGS...` on host."""
        binary = netlab_bin()
        return self.spawn(host, name, [binary, '--lang', lang] + list(args), env=env)

    def python(self, host, name, code, args=()):
        """Start a small helper in Debian's python3 on host (e.g. a raw protocol probe)."""
        argv = ['/usr/bin/python3', '-u', '-c', code] + list(args)
        return self.spawn(host, name, argv,
                          label=['/usr/bin/python3', '-u', '-c', '<%s script>' % name] + list(args))

    def send(self, proc, line):
        """Write one line to the process's stdin."""
        if not proc.alive():
            self.fail('cannot write %r to %s: it exited with %s' % (line, proc.describe(), proc.popen.poll()))
        with self.cond:
            proc.stdin_log.append((self.now(), line))
        try:
            proc.popen.stdin.write((line + '\n').encode('utf-8'))
            proc.popen.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            self.fail('cannot write %r to %s: %s' % (line, proc.describe(), e))

    def close_stdin(self, proc):
        with self.cond:
            proc.stdin_log.append((self.now(), '<EOF>'))
        try:
            proc.popen.stdin.close()
        except OSError:
            pass

    def interrupt(self, proc):
        """SIGINT, as Ctrl-C would."""
        with self.cond:
            proc.stdin_log.append((self.now(), '<SIGINT>'))
        if proc.alive():
            proc.popen.send_signal(signal.SIGINT)

    # ---- expectations ------------------------------------------------------

    def _streams(self, stream):
        return STREAMS if stream == 'any' else (stream,)

    def _search(self, proc, streams, rx):
        for s in streams:
            lines = proc.lines[s]
            for i in range(proc.cursor[s], len(lines)):
                m = rx.search(lines[i][1])
                if m:
                    return s, i, m
        return None

    def expect(self, proc, pattern, stream='stdout', timeout=10.0, what=None):
        """Wait until a line matching pattern appears on stream ('stdout', 'stderr'
        or 'any') after the lines already consumed; consume up to it; return the match."""
        rx = re.compile(pattern)
        what = what or '%s prints /%s/ on %s' % (proc.name, pattern, stream)
        deadline = time.time() + timeout
        streams = self._streams(stream)
        with self.cond:
            while True:
                found = self._search(proc, streams, rx)
                if found:
                    s, i, m = found
                    proc.cursor[s] = i + 1
                    self.checks += 1
                    print('[%6.2fs]   ok: %s  <- %r' % (self.now(), what, proc.lines[s][i][1]))
                    return m
                if all(proc.eof[s] for s in streams):
                    self.fail('%s: the process closed %s (exit %s) without it (waited %.1fs)'
                              % (what, stream, proc.popen.poll(), timeout - (deadline - time.time())))
                left = deadline - time.time()
                if left <= 0:
                    self.fail('%s: not seen within %.1fs' % (what, timeout))
                self.cond.wait(min(left, 0.5))

    def expect_all(self, proc, patterns, stream='stdout', timeout=10.0, what=None):
        """Wait until every pattern has matched its own line (any order)."""
        rxs = [re.compile(p) for p in patterns]
        what = what or '%s prints all of %s on %s' % (proc.name, patterns, stream)
        deadline = time.time() + timeout
        streams = self._streams(stream)
        with self.cond:
            while True:
                used, missing = set(), []
                for rx in rxs:
                    hit = None
                    for s in streams:
                        for i in range(proc.cursor[s], len(proc.lines[s])):
                            if (s, i) not in used and rx.search(proc.lines[s][i][1]):
                                hit = (s, i)
                                break
                        if hit:
                            break
                    if hit:
                        used.add(hit)
                    else:
                        missing.append(rx.pattern)
                if not missing:
                    for s in streams:
                        idx = [i for (ss, i) in used if ss == s]
                        if idx:
                            proc.cursor[s] = max(idx) + 1
                    self.checks += 1
                    print('[%6.2fs]   ok: %s' % (self.now(), what))
                    for s, i in sorted(used):
                        print('             <- %r' % proc.lines[s][i][1])
                    return
                left = deadline - time.time()
                if all(proc.eof[s] for s in streams) or left <= 0:
                    self.fail('%s: still missing %s after %.1fs' % (what, missing, timeout - max(left, 0)))
                self.cond.wait(min(left, 0.5))

    def expect_none(self, proc, pattern, stream='stdout', what=None):
        """No line of the whole transcript so far matches pattern."""
        rx = re.compile(pattern)
        what = what or '%s never prints /%s/ on %s' % (proc.name, pattern, stream)
        with self.cond:
            for s in self._streams(stream):
                for t, line in proc.lines[s]:
                    if rx.search(line):
                        self.fail('%s: it did, at %.2fs: %r' % (what, t, line))
        self.checks += 1
        print('[%6.2fs]   ok: %s' % (self.now(), what))

    def poll(self, action, proc, pattern, stream='stdout', timeout=15.0, interval=0.5, what=None):
        """Run action() until proc prints a matching line (a readiness probe)."""
        deadline = time.time() + timeout
        while True:
            action()
            left = deadline - time.time()
            try:
                return self.expect(proc, pattern, stream, timeout=max(0.05, min(interval, left)), what=what)
            except LabFailure:
                if time.time() >= deadline:
                    self.fail('%s: not seen within %.1fs of retries'
                              % (what or '%s prints /%s/' % (proc.name, pattern), timeout))

    def wait_until(self, check, timeout=10.0, interval=0.2, what='condition'):
        """Poll a side-effect-free check (e.g. a host's multicast memberships)."""
        deadline = time.time() + timeout
        while True:
            if check():
                self.checks += 1
                print('[%6.2fs]   ok: %s' % (self.now(), what))
                return
            if time.time() >= deadline:
                self.fail('%s: not true within %.1fs' % (what, timeout))
            with self.cond:
                self.cond.wait(interval)

    def expect_exit(self, proc, code=0, timeout=10.0, what=None):
        what = what or '%s exits with %s' % (proc.name, code)
        try:
            rc = proc.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.fail('%s: still running after %.1fs' % (what, timeout))
        for t in proc.threads:
            t.join(2)
        proc.returncode = rc
        if code is not None and rc != code:
            self.fail('%s: exit status %s' % (what, rc))
        self.checks += 1
        print('[%6.2fs]   ok: %s' % (self.now(), what))
        return rc

    # ---- report and cleanup ------------------------------------------------

    def transcript(self, proc, stream='stdout', title=None):
        """Ask for proc's stream to be printed at the end, pass or fail."""
        self.transcripts.append((proc, stream, title or '%s %s' % (proc.name, stream)))

    def _dump(self, proc):
        rc = proc.popen.poll()
        print('---- %s, exit %s' % (proc.describe(), 'running' if rc is None else rc))
        print('     $ %s' % ' '.join(proc.argv))
        for t, line in proc.stdin_log:
            print('     stdin  %6.2fs %s' % (t, line))
        for s in STREAMS:
            lines = proc.lines[s]
            if not lines:
                print('     %-6s (nothing)' % s)
            for t, line in lines:
                print('     %-6s %6.2fs %s' % (s, t, line))

    def _kill_all(self):
        for p in self.procs:
            if p.popen.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)   # mnexec -d made it a group leader
                except OSError:
                    try:
                        p.popen.kill()
                    except OSError:
                        pass
        for p in self.procs:
            try:
                p.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            for t in p.threads:
                t.join(1)

    def main(self, scenario):
        """Run scenario(lab); report; clean up; exit 0 only if every expectation held."""
        def on_term(signum, frame):
            raise LabAbort('signal %d' % signum)
        signal.signal(signal.SIGTERM, on_term)
        signal.signal(signal.SIGHUP, on_term)
        failure = None
        print('=== lab %s (netlab: %s)' % (self.name, netlab_bin()))
        try:
            binary = netlab_bin()
            if not os.access(binary, os.X_OK):
                self.fail('netlab binary not found or not executable: %s (set NETLAB_BIN or build it)' % binary)
            scenario(self)
        except LabFailure as e:
            failure = 'expectation failed: %s' % e
        except (LabAbort, KeyboardInterrupt) as e:
            failure = 'lab interrupted: %r' % (e,)
        except Exception:
            failure = 'lab error:\n' + traceback.format_exc()
        finally:
            try:
                self._kill_all()
            finally:
                if self.net is not None:
                    try:
                        self.net.stop()
                    except Exception:
                        traceback.print_exc()
                if self.tmpdir:
                    subprocess.call(['rm', '-rf', self.tmpdir])
        for proc, stream, title in self.transcripts:
            print('---- transcript: %s' % title)
            for t, line in proc.lines[stream]:
                print('     %6.2fs %s' % (t, line))
        if failure:
            print('=== FAIL lab %s after %.2fs, %d expectations met before' % (self.name, self.now(), self.checks))
            if self.steps:
                print('during step: %s (started at %.2fs)' % (self.steps[-1][1], self.steps[-1][0]))
            print(failure)
            print('=== captured output of every process:')
            for p in self.procs:
                self._dump(p)
            print('=== FAIL lab %s: %s' % (self.name, failure.splitlines()[0]))
            sys.stdout.flush()
            sys.exit(1)
        print('=== PASS lab %s: %d expectations met in %.2fs' % (self.name, self.checks, self.now()))
        sys.stdout.flush()
        sys.exit(0)
