//! End-to-end tests of `netlab mcast` across two network namespaces joined by a veth pair that
//! each test creates and deletes: IPv6 groups (which do not work on `lo`), IPv4 between hosts,
//! `--no-loop` and `--ttl 0`. The namespaces are private network stacks with no route out, so
//! no datagram leaves the machine. Needs root and `ip netns`; without them each test prints a
//! `SKIPPED:` line and passes (the loopback tests in `tests/mcast.rs` still run).

mod support;

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use support::{DEADLINE, Proc, ip};

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
                support::skipped(&format!("{test}: no network namespaces here ({why})"));
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

/// `netlab --lang en ARGS…` running inside the namespace `ns` (`ip netns exec` execs it, so
/// the child is netlab itself), as a [`Proc`]: lines captured, killed on drop.
fn start(ns: &str, args: &[&str]) -> Proc {
    let mut command = Command::new("ip");
    command
        .args(["netns", "exec", ns, support::bin(), "--lang", "en"])
        .args(args);
    support::neutral_locale(&mut command);
    Proc::spawn(format!("(in {ns}) netlab {}", args.join(" ")), command)
}

fn recv(ns: &str, group: &str, iface: &str) -> Proc {
    let r = start(ns, &["mcast", "recv", "-g", group, "-i", iface]);
    r.expect_err("Receiver waiting for messages...");
    r
}

fn send(ns: &str, user: &str, group: &str, iface: &str, extra: &[&str]) -> Proc {
    let mut args = vec!["mcast", "send", "-u", user, "-g", group, "-i", iface];
    args.extend_from_slice(extra);
    let s = start(ns, &args);
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
    quiet.close_stdin();
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
