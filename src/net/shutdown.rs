//! The stop signal every role selects on: Ctrl-C and SIGTERM (via `ctrlc`), or a caller's
//! decision in-process. A stop is a channel that *disconnects*, so any number of threads and
//! `select!` loops see it at once. A second Ctrl-C exits the process immediately.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::{Receiver, Sender, TryRecvError, bounded};

use super::sentences::NetText;
use super::{Error, Result};
use crate::term::text::{Lang, Text};

/// The receiving side: `recv(stop.rx())` in a `select!` fires once the stop is triggered.
#[derive(Clone, Debug)]
pub struct Stop(Receiver<()>);

impl Stop {
    pub fn rx(&self) -> &Receiver<()> {
        &self.0
    }

    /// Has the stop been triggered?
    pub fn is_set(&self) -> bool {
        matches!(self.0.try_recv(), Err(TryRecvError::Disconnected))
    }
}

/// The triggering side; dropping it also triggers.
#[derive(Debug)]
pub struct Trigger(Mutex<Option<Sender<()>>>);

impl Trigger {
    pub fn fire(&self) {
        if let Ok(mut tx) = self.0.lock() {
            tx.take();
        }
    }
}

/// A new stop signal and its trigger.
pub fn pair() -> (Trigger, Stop) {
    let (tx, rx) = bounded(0);
    (Trigger(Mutex::new(Some(tx))), Stop(rx))
}

/// The process's stop signal (installed by [`install_ctrlc`]), which [`stop_process`] can
/// trigger too.
static PROCESS: Mutex<Option<Sender<()>>> = Mutex::new(None);
/// A signal came already: the next one exits at once.
static SIGNALLED: AtomicBool = AtomicBool::new(false);

/// Route SIGINT and SIGTERM to a stop signal. The first signal triggers it (the role says
/// goodbye); a second one exits at once with status 128 + its number (130, 143). Call once per
/// process.
pub fn install_ctrlc(lang: Lang) -> Result<Stop> {
    let (tx, rx) = bounded::<()>(0);
    if let Ok(mut slot) = PROCESS.lock() {
        *slot = Some(tx);
    }
    ctrlc::set_handler(interrupt)
        .map_err(|e| Error::new(NetText::NoSignalHandler(&e.to_string()).render(lang)))?;
    crate::platform::remember_signals();
    Ok(Stop(rx))
}

/// What must be put back before a second signal ends the process at once, when no destructor
/// runs: the terminal's mode (the line editor's), its line wrapping (the kv client's status).
static AT_EXIT: Mutex<Vec<fn()>> = Mutex::new(Vec::new());

/// Run `put_back` before a second Ctrl-C (or SIGTERM) ends the process (once, however often
/// it is asked for). It must not wait for anything the role's threads may hold.
pub fn at_exit(put_back: fn()) {
    let mut all = AT_EXIT.lock().unwrap_or_else(|e| e.into_inner());
    if !all.iter().any(|f| std::ptr::fn_addr_eq(*f, put_back)) {
        all.push(put_back);
    }
}

/// What Ctrl-C does, whether it came as a signal or as a key read by the line editor (which
/// holds the terminal in raw mode, where Ctrl-C is a key): the first triggers the process's
/// stop (the role says goodbye), a second puts back what [`at_exit`] names and exits at once
/// with status 130 (or 143 after a SIGTERM).
pub fn interrupt() {
    if SIGNALLED.swap(true, Ordering::SeqCst) {
        put_back();
        std::process::exit(exit_status().map_or(130, i32::from));
    }
    stop_process();
}

/// How long a second signal waits for the terminal to be put back.
const PUT_BACK: std::time::Duration = std::time::Duration::from_millis(200);

/// Run what [`at_exit`] names, on a thread of its own, waiting for it at most [`PUT_BACK`]:
/// its writes take the standard streams' locks, which a role's thread may hold while its own
/// write is blocked (a terminal paused with Ctrl-S, a full pipe), and the second signal must
/// end the process whatever.
fn put_back() {
    // (try_lock: a registration under way never holds the exit back.)
    let all: Vec<fn()> = match AT_EXIT.try_lock() {
        Ok(all) => all.clone(),
        Err(_) => return,
    };
    if all.is_empty() {
        return;
    }
    let (done, wait) = bounded::<()>(1);
    let spawned = std::thread::Builder::new()
        .name("put back".into())
        .spawn(move || {
            for f in all {
                f();
            }
            let _ = done.send(());
        });
    if spawned.is_ok() {
        let _ = wait.recv_timeout(PUT_BACK);
    }
}

/// The exit status that says which signal stopped the process (128 + its number: 130 for
/// SIGINT, 143 for SIGTERM), if one did.
pub fn exit_status() -> Option<u8> {
    crate::platform::signal_status()
}

/// Trigger the process's stop signal as Ctrl-C does (the role says goodbye and ends), for a
/// reason of the process's own: stdout can no longer take what the role reports. Nothing
/// happens in a process without [`install_ctrlc`] (`netlab demo`, tests in-process).
pub fn stop_process() {
    if let Ok(mut slot) = PROCESS.lock() {
        slot.take();
    }
}
