//! End-to-end tests of `netlab mcast` across two network namespaces joined by a veth pair that
//! each test creates and deletes: IPv6 groups (which do not work on `lo`), IPv4 between hosts,
//! `--no-loop` and `--ttl 0`. The namespaces are private network stacks with no route out, so
//! no datagram leaves the machine. Needs root and `ip netns`; without them each test prints a
//! SKIP line and passes (the loopback tests in `tests/mcast.rs` still run).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, unbounded};

const DEADLINE: Duration = Duration::from_secs(10);

fn ip(args: &[&str]) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run ip: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn in_ns(ns: &str, script: &str) -> Result<String, String> {
    let out = Command::new("ip")
        .args(["netns", "exec", ns, "sh", "-c", script])
        .output()
        .map_err(|e| format!("cannot run ip: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "in {ns}: {script}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Two namespaces, `a` and `b`, joined by veth `va` (10.99.0.1/24) — `vb` (10.99.0.2/24),
/// with IPv6 link-local addresses usable at once (no duplicate-address detection). Deleted on
/// drop.
struct Lab {
    a: String,
    b: String,
}

impl Lab {
    /// Build the lab, or print why it cannot be built and return None (the test then skips).
    fn new(test: &str) -> Option<Lab> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let tag = format!(
            "nlmc{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let mut lab = Lab {
            a: String::new(),
            b: String::new(),
        };
        match lab.build(&tag) {
            Ok(()) => Some(lab),
            Err(why) => {
                println!("SKIP {test}: no network namespaces here ({why})");
                eprintln!("SKIP {test}: no network namespaces here ({why})");
                None
            }
        }
    }

    fn build(&mut self, tag: &str) -> Result<(), String> {
        let (a, b) = (format!("{tag}a"), format!("{tag}b"));
        ip(&["netns", "add", &a])?;
        self.a = a.clone();
        ip(&["netns", "add", &b])?;
        self.b = b.clone();
        for ns in [&a, &b] {
            // Before the veth exists, so its link-local address is never "tentative".
            in_ns(
                ns,
                "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad; \
                 echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad",
            )?;
        }
        ip(&[
            "-n", &a, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", &b,
        ])?;
        ip(&["-n", &a, "addr", "add", "10.99.0.1/24", "dev", "va"])?;
        ip(&["-n", &b, "addr", "add", "10.99.0.2/24", "dev", "vb"])?;
        for (ns, dev) in [(&a, "va"), (&b, "vb")] {
            ip(&["-n", ns, "link", "set", "lo", "up"])?;
            ip(&["-n", ns, "link", "set", dev, "up"])?;
        }
        // The link-local addresses appear when the carrier comes up; wait for them (bounded).
        let deadline = Instant::now() + DEADLINE;
        for (ns, dev) in [(&a, "va"), (&b, "vb")] {
            loop {
                let shown = in_ns(ns, &format!("ip -6 addr show dev {dev} scope link"))?;
                if shown.contains("fe80::") && !shown.contains("tentative") {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(format!("{dev} in {ns} got no IPv6 link-local address"));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Ok(())
    }

    fn ifindex(&self, ns: &str, dev: &str) -> String {
        in_ns(ns, &format!("cat /sys/class/net/{dev}/ifindex"))
            .unwrap()
            .trim()
            .to_string()
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        for ns in [&self.a, &self.b] {
            if !ns.is_empty() {
                let _ = ip(&["netns", "del", ns]);
            }
        }
    }
}

/// `netlab ARGS…` running inside a namespace (`ip netns exec` execs it, so the pid is ours),
/// with its output captured line by line; killed on drop.
struct NsProc {
    cmd: String,
    child: Child,
    stdin: Option<ChildStdin>,
    out: Receiver<String>,
    err: Receiver<String>,
    err_all: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

fn capture(
    read: impl std::io::Read + Send + 'static,
) -> (
    Receiver<String>,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
) {
    let (tx, rx) = unbounded();
    let all = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = all.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(read).lines() {
            let Ok(line) = line else { break };
            keep.lock().unwrap().push(line.clone());
            let _ = tx.send(line);
        }
    });
    (rx, all)
}

impl NsProc {
    fn start(ns: &str, args: &[&str]) -> NsProc {
        let mut child = Command::new("ip")
            .args([
                "netns",
                "exec",
                ns,
                env!("CARGO_BIN_EXE_netlab"),
                "--lang",
                "en",
            ])
            .args(args)
            .env("LANG", "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ip netns exec netlab");
        let (out, _) = capture(child.stdout.take().unwrap());
        let (err, err_all) = capture(child.stderr.take().unwrap());
        NsProc {
            cmd: format!("(in {ns}) netlab {}", args.join(" ")),
            stdin: child.stdin.take(),
            child,
            out,
            err,
            err_all,
        }
    }

    #[track_caller]
    fn fail(&self, msg: &str) -> ! {
        panic!(
            "{msg}\n--- command: {}\n--- stderr:\n{}\n---",
            self.cmd,
            self.err_all.lock().unwrap().join("\n")
        )
    }

    #[track_caller]
    fn next(&self, rx: &Receiver<String>, what: &str) -> String {
        match rx.recv_timeout(DEADLINE) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => self.fail(&format!("timed out waiting for {what}")),
            Err(RecvTimeoutError::Disconnected) => self.fail(&format!("closed before {what}")),
        }
    }

    #[track_caller]
    fn next_out(&self) -> String {
        self.next(&self.out, "a stdout line")
    }

    #[track_caller]
    fn expect_err(&self, needle: &str) -> String {
        loop {
            let line = self.next(&self.err, needle);
            if line.contains(needle) {
                return line;
            }
        }
    }

    #[track_caller]
    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    #[track_caller]
    fn expect_success(&mut self) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            match self.child.try_wait().unwrap() {
                Some(status) if status.success() => return,
                Some(status) => self.fail(&format!("exited with {status}")),
                None if Instant::now() > deadline => self.fail("did not exit"),
                None => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }
}

impl Drop for NsProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn recv(ns: &str, group: &str, iface: &str) -> NsProc {
    let r = NsProc::start(ns, &["mcast", "recv", "-g", group, "-i", iface]);
    r.expect_err("Receiver waiting for messages...");
    r
}

fn send(ns: &str, user: &str, group: &str, iface: &str, extra: &[&str]) -> NsProc {
    let mut args = vec!["mcast", "send", "-u", user, "-g", group, "-i", iface];
    args.extend_from_slice(extra);
    let s = NsProc::start(ns, &args);
    s.expect_err("sending to ");
    s
}

/// The two-receiver exchange over one veth, for any group: receivers in both namespaces, a
/// sender in `a`; the line reaches `b` over the wire and `a` through the multicast loop; a
/// `--no-loop` sender reaches only `b`; the quit word stops both.
fn exchange(lab: &Lab, group: &str, iface_a: &str, iface_b: &str) {
    let mut ra = recv(&lab.a, group, iface_a);
    let mut rb = recv(&lab.b, group, iface_b);
    let mut ana = send(&lab.a, "Ana", group, iface_a, &[]);
    ana.send("olá pelo veth");
    assert_eq!(rb.next_out(), "Ana: olá pelo veth");
    assert_eq!(ra.next_out(), "Ana: olá pelo veth");

    let mut quiet = send(&lab.a, "Nol", group, iface_a, &["--no-loop"]);
    quiet.send("only over the wire");
    assert_eq!(rb.next_out(), "Nol: only over the wire");
    ana.send("loud");
    // Had the --no-loop datagram been looped back, receiver a would print it first.
    assert_eq!(ra.next_out(), "Ana: loud");
    assert_eq!(rb.next_out(), "Ana: loud");

    ana.send("sair");
    assert_eq!(ra.next_out(), "Ana ended the chat.");
    assert_eq!(rb.next_out(), "Ana ended the chat.");
    ra.expect_success();
    rb.expect_success();
    ana.expect_success();
    quiet.stdin = None;
    quiet.expect_success();
}

#[test]
fn ipv6_link_local_group_across_namespaces() {
    let Some(lab) = Lab::new("ipv6_link_local_group_across_namespaces") else {
        return;
    };
    // Receiver b names its interface by index, the others by name.
    let index_b = lab.ifindex(&lab.b, "vb");
    exchange(&lab, "ff02::4242:1", "va", &index_b);
}

#[test]
fn ipv6_site_local_group_across_namespaces() {
    let Some(lab) = Lab::new("ipv6_site_local_group_across_namespaces") else {
        return;
    };
    exchange(&lab, "ff05::1:3", "va", "vb");
}

#[test]
fn ipv4_group_across_namespaces() {
    let Some(lab) = Lab::new("ipv4_group_across_namespaces") else {
        return;
    };
    exchange(&lab, "224.3.29.71", "10.99.0.1", "10.99.0.2");
}

#[test]
fn ipv4_ttl_zero_stays_on_the_sending_host() {
    let Some(lab) = Lab::new("ipv4_ttl_zero_stays_on_the_sending_host") else {
        return;
    };
    let group = "224.3.29.71";
    let ra = recv(&lab.a, group, "10.99.0.1");
    let rb = recv(&lab.b, group, "10.99.0.2");
    let mut local = send(&lab.a, "Local", group, "10.99.0.1", &["--ttl", "0"]);
    local.send("this host only");
    assert_eq!(ra.next_out(), "Local: this host only");
    let mut wire = send(&lab.a, "Wire", group, "10.99.0.1", &[]);
    wire.send("everyone");
    // Had the TTL-0 datagram crossed the veth, receiver b would print it first.
    assert_eq!(rb.next_out(), "Wire: everyone");
    assert_eq!(ra.next_out(), "Wire: everyone");
}
