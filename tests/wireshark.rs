//! The Wireshark plugin `wireshark/netlab.lua` against real traffic: `dumpcap -i lo` captures
//! what netlab (or the test itself, byte by byte) sends, and
//! `tshark -r CAP -X lua_script:wireshark/netlab.lua -Y FILTER -T fields -e FIELD` must show it
//! field by field: the demo's every protocol, a frame dribbled over five segments decoded once,
//! two frames in one segment decoded as two, and expert info on the mistakes students make.
//!
//! Captures hold only what the test sent. The demo runs in a network namespace of its own (its
//! loopback carries nothing else, and the demo's ports are ephemeral, chosen as it goes); the
//! other tests capture the host's loopback filtered to the ports of the listeners they open.
//! Without tshark and dumpcap, the right to capture, or (for the demo) network namespaces, a
//! test prints a `SKIPPED:` line and passes.

mod support;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, unbounded};
use netlab::app::wire as app;
use netlab::kv::wire as kv;
use netlab::msg::wire::{self as msg, Head};
use netlab::term::text::Text;
use support::{DEADLINE, Proc};

fn plugin() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("wireshark/netlab.lua")
}

/// Print a line that `cargo test` shows even though it captures test output.
fn skipped(test: &str, why: &str) {
    println!("SKIPPED: {test}: {why}");
    let _ = writeln!(std::io::stderr(), "SKIPPED: {test}: {why}");
}

/// Are tshark and dumpcap installed? Says so (and the test returns) when they are not.
fn tools(test: &str) -> bool {
    for tool in ["tshark", "dumpcap"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            skipped(test, &format!("{tool} not found"));
            return false;
        }
    }
    true
}

/// A folder of the test's own under the temporary directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("netlab-ws-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------------------
// Capturing

/// A running `dumpcap -i lo`, killed on drop.
struct Dumpcap {
    child: Child,
    file: PathBuf,
    stderr: Receiver<String>,
}

impl Dumpcap {
    /// Capture `lo` into `file` with the capture `filter`, run through `prefix` (`ip netns exec
    /// NS`, or nothing); returned once the capture is live: dumpcap says "Capturing on" a moment
    /// before its filter is in place, so `mark` sends probe datagrams (that the filter lets
    /// through) until one is in the file. Err: why it cannot capture here (no privilege), for
    /// the test to skip.
    fn start(
        prefix: &[&str],
        filter: &str,
        file: &Path,
        mark: &dyn Fn(&str),
    ) -> Result<Dumpcap, String> {
        let mut argv: Vec<String> = prefix.iter().map(|s| s.to_string()).collect();
        argv.extend(["dumpcap", "-q", "-i", "lo", "-f", filter, "-w"].map(String::from));
        argv.push(file.display().to_string());
        let mut child = Command::new(&argv[0])
            .args(&argv[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", argv.join(" ")));
        let (tx, stderr) = unbounded();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(|l| l.ok()) {
                let _ = tx.send(line);
            }
        });
        let mut dumpcap = Dumpcap {
            child,
            file: file.to_path_buf(),
            stderr,
        };
        let deadline = Instant::now() + DEADLINE;
        let mut said = Vec::new();
        let live = loop {
            match dumpcap
                .stderr
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) if line.contains("Capturing on 'Loopback") => {
                    break dumpcap.wait_for_mark("probe", mark);
                }
                Ok(line) => said.push(line),
                Err(_) => break Err("dumpcap said nothing".to_string()),
            }
        };
        match live {
            Ok(()) => Ok(dumpcap),
            Err(why) => {
                let said = format!("{}\n{why}", said.join("\n"));
                let denied = said
                    .lines()
                    .find(|l| l.contains("ermission") || l.contains("not permitted"));
                if let Some(line) = denied {
                    return Err(format!("dumpcap cannot capture here ({})", line.trim()));
                }
                panic!("{} did not start capturing:\n{said}", argv.join(" "));
            }
        }
    }

    /// Send `mark(TEXT)` (again every 100 ms) until TEXT is in the capture file. Err: what
    /// dumpcap said when it exited instead.
    fn wait_for_mark(&mut self, what: &str, mark: &dyn Fn(&str)) -> Result<(), String> {
        let text = format!(
            "netlab-capture-{what}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        );
        let deadline = Instant::now() + DEADLINE;
        let mut next = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Its stderr is closed now: collect all of it.
                let said: Vec<String> = self.stderr.iter().collect();
                return Err(format!("dumpcap exited with {status}: {}", said.join("\n")));
            }
            if Instant::now() >= next {
                mark(&text);
                next = Instant::now() + Duration::from_millis(100);
            }
            let bytes = std::fs::read(&self.file).unwrap_or_default();
            if bytes.windows(text.len()).any(|w| w == text.as_bytes()) {
                return Ok(());
            }
            assert!(
                Instant::now() < deadline,
                "the capture never showed the {what} datagram"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Stop once the capture holds everything sent so far: a datagram sent after all of it is
    /// in the file, so every earlier packet is too. Then dumpcap is stopped as Ctrl-C would.
    fn finish(mut self, mark: &dyn Fn(&str)) {
        if let Err(why) = self.wait_for_mark("end", mark) {
            panic!("the capture ended early: {why}");
        }
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + DEADLINE;
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "dumpcap did not stop");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Dumpcap {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A network namespace with only `lo`, up; deleted on drop.
struct Netns(String);

impl Netns {
    fn new() -> Result<Netns, String> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "nlws{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        use support::ip;
        ip(&["netns", "add", &name])?;
        let ns = Netns(name);
        ip(&["-n", &ns.0, "link", "set", "lo", "up"])?;
        Ok(ns)
    }

    /// `ip netns exec NS`, to put in front of a command.
    fn exec(&self) -> [&str; 4] {
        ["ip", "netns", "exec", &self.0]
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// `tshark -r CAP -X lua_script:wireshark/netlab.lua [OPTS] -Y FILTER -T fields -e FIELD…`:
/// one row per matching frame, one `Vec` per field holding its occurrences in that frame.
/// tshark runs with an empty configuration (no personal plugins or preferences) and tries
/// heuristics first, so no dissector registered on an ephemeral port the test happened to use
/// gets there before netlab's.
fn tshark(cap: &Path, opts: &[&str], filter: &str, fields: &[&str]) -> Vec<Vec<Vec<String>>> {
    let home = cap.with_extension("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = Command::new("tshark");
    cmd.env("HOME", &home)
        .env_remove("XDG_CONFIG_HOME")
        .arg("-r")
        .arg(cap)
        .arg("-X")
        .arg(format!("lua_script:{}", plugin().display()))
        .args(["-o", "tcp.try_heuristic_first:TRUE"])
        .args(["-o", "udp.try_heuristic_first:TRUE"])
        .args(opts)
        .args(["-Y", filter, "-T", "fields", "-E", "aggregator=|"]);
    for field in fields {
        cmd.args(["-e", field]);
    }
    let shown = format!("{cmd:?}");
    let out = cmd.output().expect("run tshark");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let complaints: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("Running as user"))
        .collect();
    assert!(
        out.status.success() && complaints.is_empty(),
        "{shown} failed:\n{stderr}"
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            line.split('\t')
                .map(|f| {
                    if f.is_empty() {
                        Vec::new()
                    } else {
                        f.split('|').map(String::from).collect()
                    }
                })
                .collect()
        })
        .collect()
}

/// The README's Wireshark walk-through, run against a capture of the demo (`cap`, named
/// demo.pcapng as there): every `$ tshark …` command of its console block prints every line
/// the README shows for it (but the elided ones and the capture's own timestamps), the
/// plugin given with `-X` as installed plugins are found.
fn readme_walk_through(cap: &Path) {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("read README.md");
    let from = readme
        .find("A walk-through:")
        .expect("the README's walk-through");
    let block = &readme[from..];
    let start = block.find("```console\n").expect("its console block") + 11;
    let block = &block[start..start + block[start..].find("```").unwrap()];
    let mut runs: Vec<(String, Vec<&str>)> = Vec::new();
    for line in block.lines() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            runs.push((cmd.to_string(), Vec::new()));
        } else if let Some((_, shown)) = runs.last_mut() {
            shown.push(line);
        }
    }
    let runs: Vec<_> = runs
        .into_iter()
        .filter(|(c, _)| c.starts_with("tshark "))
        .collect();
    assert_eq!(
        runs.len(),
        2,
        "the walk-through's tshark commands: {runs:?}"
    );
    let home = cap.with_extension("home");
    std::fs::create_dir_all(&home).unwrap();
    for (cmd, shown) in runs {
        let plugin = format!(
            "tshark -X lua_script:{} -o tcp.try_heuristic_first:TRUE",
            plugin().display()
        );
        let run = cmd.replacen("tshark", &plugin, 1);
        let out = Command::new("bash")
            .args(["-c", &run])
            .current_dir(cap.parent().unwrap())
            .env("HOME", &home)
            .env_remove("XDG_CONFIG_HOME")
            .output()
            .expect("run bash");
        let printed = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{cmd}: {out:?}");
        for want in shown {
            if want == "..." || want.contains("Timestamp:") {
                continue;
            }
            assert!(
                printed.lines().any(|l| l.trim_end() == want.trim_end()),
                "`{cmd}` did not print {want:?}; it printed:\n{printed}"
            );
        }
    }
}

/// `tshark -q -z io,phs`: Wireshark's internal `_ws.lua.fake` item (one per Lua dissector
/// call) stands above netlab's protocols at most once, never nested, so the hierarchy reads
/// `tcp > _ws.lua.fake > netlab_msg`.
fn one_lua_layer(cap: &Path) {
    let home = cap.with_extension("home");
    std::fs::create_dir_all(&home).unwrap();
    let out = Command::new("tshark")
        .env("HOME", &home)
        .env_remove("XDG_CONFIG_HOME")
        .arg("-r")
        .arg(cap)
        .arg("-X")
        .arg(format!("lua_script:{}", plugin().display()))
        .args(["-o", "tcp.try_heuristic_first:TRUE", "-q", "-z", "io,phs"])
        .output()
        .expect("run tshark");
    let phs = String::from_utf8_lossy(&out.stdout);
    let fake: Vec<usize> = phs
        .lines()
        .filter(|l| l.trim_start().starts_with("_ws.lua.fake"))
        .map(|l| l.len() - l.trim_start().len())
        .collect();
    assert!(!fake.is_empty(), "{phs}");
    assert!(
        fake.iter().all(|&depth| depth == fake[0]),
        "nested Lua layers:\n{phs}"
    );
    assert!(
        phs.contains("netlab_msg") && phs.contains("netlab_kv"),
        "{phs}"
    );
}

/// Every value of the first field, over all matching frames, in order.
fn values(cap: &Path, opts: &[&str], filter: &str, field: &str) -> Vec<String> {
    tshark(cap, opts, filter, &[field])
        .into_iter()
        .flat_map(|row| row.into_iter().next().unwrap_or_default())
        .collect()
}

fn counts(values: &[String]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for v in values {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    counts
}

/// The filter names of the plugin's expert infos (its FT_NONE fields).
fn experts(cap: &Path) -> Vec<String> {
    let out = Command::new("tshark")
        .env("HOME", cap.with_extension("home"))
        .args(["-G", "fields"])
        .arg("-X")
        .arg(format!("lua_script:{}", plugin().display()))
        .output()
        .expect("run tshark -G fields");
    let names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.len() > 3 && cols[2].starts_with("netlab_") && cols[3] == "FT_NONE")
                .then(|| cols[2].to_string())
        })
        .collect();
    assert!(names.len() >= 10, "the plugin's expert infos: {names:?}");
    names
}

/// Frames the plugin fails on: a Lua error, an exception, a dissector bug.
const BROKEN: &str = "_ws.lua.error || _ws.malformed.expert || _ws.malformed.dissector_bug";

/// Nothing the plugin fails on, and none of its expert infos.
fn assert_clean(cap: &Path) {
    let broken = tshark(cap, &[], BROKEN, &["frame.number"]);
    assert!(broken.is_empty(), "frames the plugin fails on: {broken:?}");
    let flagged = tshark(
        cap,
        &[],
        &experts(cap).join(" || "),
        &["frame.number", "_ws.expert.message"],
    );
    assert!(
        flagged.is_empty(),
        "expert info on conforming traffic: {flagged:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// A sink and raw writers on the host's loopback

/// For each connection (by its client's address): the bytes read, and whether it has ended.
type Seen = Arc<(Mutex<HashMap<SocketAddr, (usize, bool)>>, Condvar)>;

/// A TCP listener on 127.0.0.1 that reads and counts what each connection sends.
struct Sink {
    addr: SocketAddr,
    seen: Seen,
}

impl Sink {
    fn new() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Seen::default();
        let shared = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let shared = shared.clone();
                std::thread::spawn(move || {
                    let peer = stream.peer_addr().unwrap();
                    let mut buf = [0u8; 4096];
                    loop {
                        let n = stream.read(&mut buf).unwrap_or(0);
                        let (lock, cond) = &*shared;
                        let mut seen = lock.lock().unwrap();
                        let entry = seen.entry(peer).or_default();
                        if n == 0 {
                            entry.1 = true;
                        } else {
                            entry.0 += n;
                        }
                        cond.notify_all();
                        if n == 0 {
                            return;
                        }
                    }
                });
            }
        });
        Sink { addr, seen }
    }

    fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Wait (bounded) until `want` says yes to what arrived from `peer`: (bytes, closed).
    fn wait(&self, peer: SocketAddr, what: &str, want: impl Fn(usize, bool) -> bool) {
        let (lock, cond) = &*self.seen;
        let deadline = Instant::now() + DEADLINE;
        let mut seen = lock.lock().unwrap();
        loop {
            let (bytes, closed) = seen.get(&peer).copied().unwrap_or_default();
            if want(bytes, closed) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "the sink never saw {what} from {peer}");
            seen = cond.wait_timeout(seen, left).unwrap().0;
        }
    }

    /// Connect, send each piece as a segment of its own (the next is written only once the
    /// sink has read the previous one), close, and wait until the sink has seen the end.
    fn send(&self, pieces: &[&[u8]]) {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_nodelay(true).unwrap();
        let me = stream.local_addr().unwrap();
        let mut sent = 0;
        for piece in pieces {
            stream.write_all(piece).unwrap();
            stream.flush().unwrap();
            sent += piece.len();
            self.wait(me, &format!("{sent} bytes"), |bytes, _| bytes >= sent);
        }
        drop(stream);
        self.wait(me, "the end of the stream", |_, closed| closed);
    }
}

/// A UDP socket on 127.0.0.1 for the end marker of host captures.
struct Marker(UdpSocket);

impl Marker {
    fn new() -> Marker {
        Marker(UdpSocket::bind("127.0.0.1:0").unwrap())
    }

    fn port(&self) -> u16 {
        self.0.local_addr().unwrap().port()
    }

    fn send(&self, marker: &str) {
        let to = self.0.local_addr().unwrap();
        self.0.send_to(marker.as_bytes(), to).unwrap();
    }
}

/// Capture the host's loopback, filtered to `sinks` and the marker, while `traffic` runs.
/// None (and a SKIPPED line) where capturing is not possible.
fn capture_host(
    test: &str,
    scratch: &Scratch,
    sinks: &[&Sink],
    traffic: impl FnOnce(),
) -> Option<PathBuf> {
    let ports: Vec<u16> = sinks.iter().map(|s| s.port()).collect();
    capture_ports(test, scratch, &ports, traffic)
}

/// [`capture_host`] for the TCP `ports` given.
fn capture_ports(
    test: &str,
    scratch: &Scratch,
    ports: &[u16],
    traffic: impl FnOnce(),
) -> Option<PathBuf> {
    if !tools(test) {
        return None;
    }
    let marker = Marker::new();
    let mut filter = format!("udp port {}", marker.port());
    for port in ports {
        filter.push_str(&format!(" or tcp port {port}"));
    }
    let cap = scratch.path("capture.pcapng");
    let mark = |m: &str| marker.send(m);
    let dumpcap = match Dumpcap::start(&[], &filter, &cap, &mark) {
        Ok(d) => d,
        Err(why) => {
            skipped(test, &why);
            return None;
        }
    };
    traffic();
    dumpcap.finish(&mark);
    Some(cap)
}

fn head(orig: u16, dest: u16, seq: u32) -> Head {
    Head::new(orig, dest, seq, 1_700_000_000)
}

fn oi(id: u16) -> Vec<u8> {
    msg::Msg::Oi(head(id, 0, 0)).to_bytes()
}

fn text_msg(text: &str) -> Vec<u8> {
    msg::Msg::Msg(head(1, 0, 1), text.as_bytes().to_vec()).to_bytes()
}

/// `bytes` cut into `n` pieces of (nearly) equal size.
fn pieces(bytes: &[u8], n: usize) -> Vec<&[u8]> {
    let size = bytes.len().div_ceil(n);
    bytes.chunks(size).collect()
}

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn the_demo_reads_field_by_field() {
    const TEST: &str = "the_demo_reads_field_by_field";
    if !tools(TEST) {
        return;
    }
    let ns = match Netns::new() {
        Ok(ns) => ns,
        Err(why) => return skipped(TEST, &format!("no network namespaces here ({why})")),
    };
    let scratch = Scratch::new("demo");
    let cap = scratch.path("demo.pcapng");
    // A datagram from inside the namespace, to a port nobody listens on.
    let mark = |text: &str| {
        let sent = Command::new("ip")
            .args(&ns.exec()[1..])
            .args([
                "bash",
                "-c",
                "printf %s \"$1\" >/dev/udp/127.0.0.1/9",
                "mark",
                text,
            ])
            .status()
            .is_ok_and(|s| s.success());
        assert!(sent, "cannot send a datagram in the namespace");
    };
    let dumpcap = match Dumpcap::start(&ns.exec(), "tcp or udp", &cap, &mark) {
        Ok(d) => d,
        Err(why) => return skipped(TEST, &why),
    };
    let mut command = Command::new("ip");
    command
        .args(&ns.exec()[1..])
        .args([support::bin(), "--lang", "en", "demo"]);
    let mut demo = Proc::spawn("ip netns exec NS netlab --lang en demo".into(), command);
    let status = demo.wait_exit(Duration::from_secs(120));
    if !status.success() {
        demo.fail(&format!("the demo exited with {status}"));
    }
    dumpcap.finish(&mark);
    readme_walk_through(&cap);
    one_lua_layer(&cap);

    // msg: each text once from its emitter and once per display it reaches.
    let texts = values(&cap, &[], "netlab_msg.type == 2", "netlab_msg.text");
    let want = BTreeMap::from([
        ("Life goes on, brah!!!", 2),
        ("Ob-la-da", 2),
        ("Ob-la-di", 3),
    ]);
    assert_eq!(counts(&texts), want, "MSG texts: {texts:?}");
    let okqem = tshark(
        &cap,
        &[],
        "netlab_msg.type == 6",
        &["netlab_msg.count", "netlab_msg.id", "netlab_msg.dest"],
    );
    assert_eq!(
        okqem,
        vec![vec![
            vec!["4".to_string()],
            ["1", "2", "1001", "1002"].map(String::from).to_vec(),
            vec!["1001".to_string()],
        ]],
        "OKQEM"
    );

    // kv: the topology flood leaves n1 with TTL 3 and dies after three hops.
    let mut ttls = values(&cap, &[], "netlab_kv.type == 8", "netlab_kv.ttl");
    ttls.sort();
    assert_eq!(ttls, ["1", "2", "3"], "TOPOFLOOD TTLs");
    let resp = values(&cap, &[], "netlab_kv.type == 9", "netlab_kv.value");
    let mut lists: Vec<usize> = resp
        .iter()
        .filter(|v| !v.contains("held by"))
        .map(|v| v.split(' ').count())
        .collect();
    lists.sort();
    assert_eq!(lists, [1, 2, 3, 4], "topology answers of n1..n4: {resp:?}");
    let found: Vec<&String> = resp.iter().filter(|v| v.contains("held by")).collect();
    assert_eq!(found.len(), 1, "one answer for the key n2 holds: {resp:?}");
    assert_eq!(found[0].trim(), "yellow, held by n2");

    // chat: the directory's commands and the conversation's lines.
    let commands = values(&cap, &[], "netlab_chat", "netlab_chat.command");
    for command in ["USER", "LIST", "ADDR", "DISC"] {
        assert!(
            commands.iter().any(|c| c == command),
            "{command}: {commands:?}"
        );
    }
    let chat = values(
        &cap,
        &[],
        "netlab_chat.command == \"text\"",
        "netlab_chat.text",
    );
    assert_eq!(chat, ["Oi Bruno!", "Tudo bem, Camila?", "Tchau"]);
    let users = tshark(
        &cap,
        &[],
        "netlab_chat.command == \"USER\" && netlab_chat.port",
        &["netlab_chat.name"],
    );
    assert_eq!(users.len(), 3, "three peers register: {users:?}");

    // mcast: two lines and the quit word, each datagram once.
    let mcast = tshark(
        &cap,
        &[],
        "netlab_mcast",
        &[
            "netlab_mcast.user",
            "netlab_mcast.data",
            "netlab_mcast.quit",
        ],
    );
    let rows: Vec<(String, String, String)> = mcast
        .into_iter()
        .map(|r| (r[0].join(""), r[1].join(""), r[2].join("")))
        .collect();
    let row = |u: &str, d: &str, q: &str| (u.to_string(), d.to_string(), q.to_string());
    assert_eq!(
        rows,
        [
            row("Ana", "Olá, grupo multicast!", "0"),
            row("Bia", "Oi, Ana! Recebi aqui.", "0"),
            row("Ana", "sair", "1"),
        ]
    );

    // app: four requests and their responses; the echo runs on the same kind of port and
    // are not app frames.
    let types = values(&cap, &[], "netlab_app", "netlab_app.content_type");
    let want = BTreeMap::from([
        (app::CLIENT_BINARY, 1),
        (app::SERVER_BINARY, 1),
        (app::TEXT_JSON, 6),
    ]);
    assert_eq!(counts(&types), want, "content types: {types:?}");
    let contents = values(&cap, &[], "netlab_app", "netlab_app.content");
    assert!(
        contents.contains(&r#"{"action": "search", "value": "morpheus"}"#.to_string()),
        "{contents:?}"
    );

    assert_clean(&cap);
}

#[test]
fn a_msg_dribbled_over_five_segments_decodes_once() {
    const TEST: &str = "a_msg_dribbled_over_five_segments_decodes_once";
    let scratch = Scratch::new("dribble");
    let sink = Sink::new();
    let after_oi = text_msg("dribbled after an OI, five segments");
    let from_start = text_msg("dribbled from the first byte");
    let Some(cap) = capture_host(TEST, &scratch, &[&sink], || {
        let first = oi(1);
        let mut chunks: Vec<&[u8]> = vec![&first];
        chunks.extend(pieces(&after_oi, 5));
        sink.send(&chunks);
        sink.send(&pieces(&from_start, 5));
    }) else {
        return;
    };

    // Heuristics: the OI shows the connection is msg, and the MSG after it is reassembled.
    // The other connection's first segment (4 bytes) is too short to tell, so only the
    // port preference decodes it.
    let fields = ["netlab_msg.text", "tcp.segment.count"];
    let rows = tshark(&cap, &[], "netlab_msg.type == 2", &fields);
    let once = |text: &str| vec![vec![text.to_string()], vec!["5".to_string()]];
    assert_eq!(rows, [once("dribbled after an OI, five segments")]);

    let pref = format!("netlab_msg.port:{}", sink.port());
    let rows = tshark(&cap, &["-o", &pref], "netlab_msg.type == 2", &fields);
    assert_eq!(
        rows,
        [
            once("dribbled after an OI, five segments"),
            once("dribbled from the first byte")
        ]
    );
    assert_clean(&cap);
}

#[test]
fn two_frames_in_one_segment_decode_as_two() {
    const TEST: &str = "two_frames_in_one_segment_decode_as_two";
    let scratch = Scratch::new("two");
    let (msgs, kvs) = (Sink::new(), Sink::new());
    let Some(cap) = capture_host(TEST, &scratch, &[&msgs, &kvs], || {
        let both = [text_msg("first of two"), text_msg("second of two")].concat();
        msgs.send(&[&both]);
        let id = kv::to_bytes(&kv::Msg::Id { port: 40000 }).unwrap();
        let req = kv::Msg::KeyReq {
            nseq: 0,
            key: b"banana".to_vec(),
        };
        let both = [id, kv::to_bytes(&req).unwrap()].concat();
        kvs.send(&[&both]);
    }) else {
        return;
    };

    let rows = tshark(&cap, &[], "netlab_msg", &["netlab_msg.text"]);
    assert_eq!(
        rows,
        [vec![vec![
            "first of two".to_string(),
            "second of two".to_string()
        ]]],
        "one segment, two MSGs"
    );
    let rows = tshark(&cap, &[], "netlab_kv", &["netlab_kv.type", "netlab_kv.key"]);
    assert_eq!(
        rows,
        [vec![
            vec![kv::ID.to_string(), kv::KEYREQ.to_string()],
            vec!["banana".to_string()]
        ]],
        "one segment, an ID and a KEYREQ"
    );
    assert_clean(&cap);
}

#[test]
fn mistakes_get_expert_info() {
    const TEST: &str = "mistakes_get_expert_info";
    let scratch = Scratch::new("mistakes");
    let sink = Sink::new();
    let Some(cap) = capture_host(TEST, &scratch, &[&sink], || {
        // A MSG whose length was written little-endian.
        let mut swapped = text_msg("swapped");
        swapped.swap(msg::HEADER, msg::HEADER + 1);
        sink.send(&[&oi(2), &swapped]);
        // A MSG of 141 bytes, and an unknown type after it.
        let long = text_msg(&"x".repeat(msg::MAX_TEXT + 1));
        let mut unknown = oi(3);
        unknown[1] = 9;
        sink.send(&[&oi(3), &long, &unknown]);
        // An OK written little-endian: type 768.
        let mut le_ok = msg::Msg::Ok(head(0, 4, 0)).to_bytes();
        le_ok.swap(0, 1);
        sink.send(&[&oi(4), &le_ok]);
        // kv: a KEYREQ of size 0, and a RESP whose size was written little-endian.
        let id = kv::to_bytes(&kv::Msg::Id { port: 40001 }).unwrap();
        let mut empty = kv::to_bytes(&kv::Msg::KeyReq {
            nseq: 0,
            key: b"k".to_vec(),
        })
        .unwrap();
        empty.truncate(empty.len() - 1);
        empty[7] = 0;
        sink.send(&[&id, &empty]);
        let mut resp = kv::to_bytes(&kv::Msg::Resp {
            nseq: 1,
            value: b"little".to_vec(),
        })
        .unwrap();
        resp.swap(6, 7);
        sink.send(&[&kv::to_bytes(&kv::Msg::Id { port: 0 }).unwrap(), &resp]);
        // chat: a registration, then DISC without CRLF.
        sink.send(&[b"USER Ana:40002\r\n", b"DISC"]);
        // app: a header length written little-endian.
        let frame = app::Frame::new(app::TEXT_JSON, "utf-8", br#"{"action": "x"}"#.to_vec());
        let mut bytes = Vec::new();
        app::encode(&frame, &mut bytes).unwrap();
        bytes.swap(0, 1);
        sink.send(&[&bytes]);
    }) else {
        return;
    };

    let flagged = |expert: &str, field: &str| values(&cap, &[], expert, field);
    assert_eq!(
        flagged("netlab_msg.little_endian", "netlab_msg.text"),
        ["swapped"]
    );
    assert_eq!(
        flagged("netlab_msg.too_long", "netlab_msg.length"),
        [(msg::MAX_TEXT + 1).to_string()]
    );
    assert_eq!(
        flagged("netlab_msg.unknown_type", "netlab_msg.type"),
        ["9", "768"]
    );
    // The type that only makes sense byte-swapped is named with netlab's own hint.
    let hint = netlab::msg::hints::MsgHint::Swapped {
        field: netlab::msg::hints::Field::Type,
        got: 768,
        meant: 3,
    }
    .render(netlab::term::text::Lang::En);
    let notes = values(
        &cap,
        &[],
        "netlab_msg.unknown_type && netlab_msg.type == 768",
        "_ws.expert.message",
    );
    assert!(
        notes.iter().any(|n| n.ends_with(&format!(" — {hint}"))),
        "{notes:?}"
    );
    assert_eq!(flagged("netlab_kv.bad_size", "netlab_kv.size"), ["0"]);
    assert_eq!(
        flagged("netlab_kv.little_endian", "netlab_kv.value"),
        ["little"]
    );
    assert_eq!(
        flagged("netlab_chat.no_crlf", "netlab_chat.command"),
        ["DISC"]
    );
    assert_eq!(
        flagged("netlab_app.little_endian", "netlab_app.content_type"),
        [app::TEXT_JSON]
    );
    let broken = tshark(&cap, &[], BROKEN, &["frame.number"]);
    assert!(broken.is_empty(), "frames the plugin fails on: {broken:?}");
}

/// A msg server stopped by Ctrl-C, with a netlab display and emitter connected: every
/// connection ends with FINs, and not one reset is seen (Wireshark flags each, and students
/// read them as a fault): none on the connections, none answering a client that looks
/// whether the server still runs.
#[test]
fn a_msg_servers_ctrl_c_resets_no_connection() {
    const TEST: &str = "a_msg_servers_ctrl_c_resets_no_connection";
    let scratch = Scratch::new("msg-fin");
    let (mut srv, addr) = support::msg::server(&[]);
    let Some(cap) = capture_ports(TEST, &scratch, &[addr.port()], || {
        let server = addr.to_string();
        let mut display = Proc::start(&["--lang", "en", "msg", "display", &server]);
        display.expect_err("registered as display");
        let mut emitter = Proc::start(&["--lang", "en", "msg", "emitter", &server]);
        emitter.expect_err("registered as emitter");
        emitter.send("before the end");
        display.expect_out("Message from 1: before the end");
        srv.signal("INT");
        srv.expect_success();
        display.expect_success();
        // (An emitter whose server closed the connection says so and exits 1.)
        emitter.expect_err("the server closed the connection (it stopped");
        emitter.wait_exit(DEADLINE);
    }) else {
        return;
    };
    let fins = tshark(&cap, &[], "tcp.flags.fin == 1", &["frame.number"]);
    // Two connections, a FIN each way.
    assert!(fins.len() >= 4, "{fins:?}");
    let resets = tshark(
        &cap,
        &[],
        "tcp.flags.reset == 1",
        &["tcp.stream", "frame.number", "tcp.srcport"],
    );
    let all = tshark(
        &cap,
        &[],
        "tcp",
        &[
            "frame.time_relative",
            "tcp.srcport",
            "tcp.dstport",
            "tcp.flags.str",
            "tcp.len",
        ],
    );
    assert!(
        resets.is_empty(),
        "connections reset: {resets:?} in {all:?}"
    );
}
