//! Databases are read in bounded memory and time, whatever the file is: an endless one
//! (`/dev/zero`) ends with a clear error at the size limit, random bytes give a few warnings
//! and a count (not a line per bad line), and Ctrl-C ends the loading of a file that never
//! ends. The kv node's DBFILE and the app server's `--data` share the loader.
//!
//! Unix only: the peak memory of an exited child comes from `wait4`, and `/dev/zero` and
//! FIFOs are the endless files.
#![cfg(unix)]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use support::temp::TempDir;
use support::{DEADLINE, Proc};

/// Peak resident memory allowed while a database is refused or skipped.
const RSS_LIMIT_KIB: u64 = 64 * 1024;

/// A finished run: exit code, stderr, peak RSS (KiB, from the kernel's account of the child)
/// and how long it took.
struct Run {
    code: Option<i32>,
    stderr: String,
    peak_kib: u64,
    took: Duration,
}

/// `netlab ARGS…` to its end (killed after `limit`), measured.
// The child is reaped by wait4, which also gives its peak RSS after it exited.
#[allow(clippy::zombie_processes)]
fn measured(args: &[&str], limit: Duration) -> Run {
    let start = Instant::now();
    let mut child = support::neutral_locale(Command::new(support::bin()).args(args))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start netlab");
    let err = child.stderr.take().unwrap();
    let reader = thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(err).lines() {
            all.push_str(&line.unwrap_or_default());
            all.push('\n');
        }
        all
    });
    let pid = child.id() as libc::pid_t;
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our own child; the pointers are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(r >= 0, "wait4 failed");
        if r == pid {
            break (status, usage);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("netlab {} still running after {limit:?}", args.join(" "));
        }
        thread::sleep(Duration::from_millis(10));
    };
    let stderr = reader.join().unwrap();
    Run {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stderr,
        peak_kib: usage.ru_maxrss as u64,
        took: start.elapsed(),
    }
}

#[track_caller]
fn endless_file_refused(args: &[&str], flag: &str) {
    let run = measured(args, Duration::from_secs(120));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.took < Duration::from_secs(30), "took {:?}", run.took);
    assert!(
        run.stderr.contains(&format!(
            "/dev/zero is larger than the database limit of 1 GiB ({flag} raises it)"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.peak_kib < RSS_LIMIT_KIB,
        "peak RSS {} KiB reading /dev/zero",
        run.peak_kib
    );
    eprintln!(
        "netlab {}: {:?}, peak RSS {} KiB",
        args.join(" "),
        run.took,
        run.peak_kib
    );
}

#[test]
fn a_kv_node_on_dev_zero_ends_with_a_clear_error_in_bounded_memory() {
    endless_file_refused(&["kv", "node", "0", "/dev/zero"], "--max-db-size");
}

#[test]
fn an_app_server_on_dev_zero_ends_with_a_clear_error_in_bounded_memory() {
    endless_file_refused(
        &["app", "server", "-p", "0", "--data", "/dev/zero"],
        "--max-data-size",
    );
}

/// A lower limit is said in the same units, and a regular file over it is refused before it is
/// read.
#[test]
fn a_file_over_a_lower_limit_is_refused() {
    let dir = TempDir::new("db-limit");
    let path = dir.path().join("db.txt");
    std::fs::write(&path, "k v\n".repeat(1000)).unwrap();
    let p = path.to_str().unwrap();
    let run = measured(
        &[
            "--lang",
            "pt",
            "kv",
            "node",
            "0",
            p,
            "--max-db-size",
            "2KiB",
        ],
        DEADLINE,
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "é maior que o limite de 2 KiB para bancos de dados (--max-db-size o aumenta)"
        ),
        "{}",
        run.stderr
    );
}

/// 10 MB of random bytes (deterministic): a few warnings naming file and line, then a count
/// of the rest, never a line per bad line; the node then serves.
#[test]
fn ten_megabytes_of_random_bytes_give_a_few_warnings_and_a_count() {
    let dir = TempDir::new("db-random");
    let path = dir.path().join("random.db");
    let mut bytes = Vec::with_capacity(10 << 20);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    while bytes.len() < 10 << 20 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    std::fs::write(&path, &bytes).unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["kv", "node", "0", p],
        vec!["app", "server", "-p", "0", "--data", p],
    ] {
        let mut node = Proc::start(&args);
        node.listening();
        let lines = node.stderr_lines();
        let named = lines
            .iter()
            .filter(|l| l.contains(&format!("{p}:")) && l.ends_with(", line skipped"))
            .count();
        assert!((1..=3).contains(&named), "{named} warnings: {lines:?}");
        let more: u64 = lines
            .iter()
            .filter_map(|l| l.split_once(": … ")?.1.split_once(" more lines skipped"))
            .map(|(n, _)| n.parse::<u64>().unwrap())
            .sum();
        assert!(more > 1000, "{lines:?}");
        assert!(lines.len() < 20, "{} lines: {lines:?}", lines.len());
        node.signal("INT");
        node.expect_success();
    }
}

/// Ctrl-C while a database is still being read (a pipe whose writer never ends it): the role
/// exits 0 at once.
#[test]
fn ctrl_c_ends_the_loading_of_a_database_that_never_ends() {
    let dir = TempDir::new("db-fifo");
    for (i, role) in ["kv", "app"].into_iter().enumerate() {
        let fifo = dir.path().join(format!("db{i}.fifo"));
        let f = fifo.to_str().unwrap().to_string();
        let ok = Command::new("mkfifo").arg(&f).status().unwrap().success();
        assert!(ok, "mkfifo {f}");
        let args: Vec<&str> = match role {
            "kv" => vec!["kv", "node", "0", &f],
            _ => vec!["app", "server", "-p", "0", "--data", &f],
        };
        let mut p = Proc::start(&args);
        // Opening the pipe for writing waits for the role to open it for reading: it is
        // loading from then on (its Ctrl-C handler is installed before).
        let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        w.write_all(b"k1 v1\nk2 v2\n").unwrap();
        let t = Instant::now();
        p.signal("INT");
        let status = p.wait_exit(Duration::from_secs(5));
        assert!(status.success(), "{role}: {status}");
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "{role}: {:?}",
            t.elapsed()
        );
        drop(w);
    }
}
