//! Every clap definition: the single source of the command line, its `--help`, the man pages
//! and the shell completions (`netlab generate …`). No other file declares a flag.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

use crate::app::config as app;
use crate::chat::config as chat;
use crate::check::{self, Proto};
use crate::dbfile;
use crate::demo::Scenario;
use crate::kv::config as kv;
use crate::mcast::config as mcast;
use crate::msg::config as msg;
use crate::net::addr::{HostPort, parse_bind};
use crate::proxy;
use crate::term::bad_value::{BadValue, Counted, Usage};
use crate::term::duration::parse_duration;
use crate::term::text::{Colour, Lang, command_line_lang, duration};

#[derive(Parser, Debug)]
#[command(
    name = "netlab",
    version,
    about = "Reference implementation of five classic socket-programming assignments",
    long_about = "netlab is the reference implementation of five classic socket-programming \
                  assignments (a binary message relay, a P2P key-value store, a P2P chat with a \
                  directory server, a UDP multicast chat, and the socket tutorial's echo and \
                  JSON-header programs), byte-compatible with students' implementations of the \
                  same protocols.",
    after_help = "Examples:\n  netlab demo                  # every classroom scenario, narrated, on loopback\n  \
                  netlab demo --step msg       # one scenario, Enter between steps\n  \
                  netlab --trace=hex msg display   # every frame decoded, with its bytes",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand accepts.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]
    #[arg(long, global = true, value_enum, help_heading = GLOBAL)]
    pub lang: Option<Lang>,
    /// Log more: every connection and routing decision (stderr)
    #[arg(short, long, global = true, conflicts_with = "quiet", help_heading = GLOBAL)]
    pub verbose: bool,
    /// Log only errors (stderr)
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,
    /// Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since
    /// start, the size and a hex dump of the bytes
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        value_enum,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "frames",
        value_name = "HOW"
    )]
    pub trace: Option<TraceMode>,
    #[command(flatten)]
    pub diagram: DiagramArgs,
}

/// The heading of the flags every subcommand accepts, in `--help` and the man pages.
pub const GLOBAL: &str = "Global options";

/// What `--trace` shows.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceMode {
    /// One decoded line per frame
    Frames,
    /// The decoded line, a relative timestamp and a hex dump
    Hex,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Binary message relay: a server, emitters that send, displays that print
    ///
    /// The assignment's event-driven relay: emitters send short texts, the server relays them,
    /// displays print them. Every frame starts with a 14-byte big-endian header (type, origin,
    /// destination, sequence number, timestamp) and every message is answered OK or ERRO.
    #[command(subcommand)]
    Msg(MsgCommand),
    /// Peer-to-peer key-value store with TTL-limited flooding
    ///
    /// Nodes (servents) each hold a database and link into an overlay; a client asks its node
    /// for a key or for the topology, the request is flooded with TTL 3, and every node within
    /// reach that can answer connects back to the client with its answer.
    #[command(subcommand)]
    Kv(KvCommand),
    /// Text-line P2P chat with a directory server
    ///
    /// A directory server knows who is online and where each peer takes conversations; peers
    /// register with it, then talk to each other over direct TCP connections, in lines that
    /// end with CRLF.
    #[command(subcommand)]
    Chat(ChatCommand),
    /// UDP multicast chat with JSON datagrams
    ///
    /// Senders turn each typed line into one datagram `{"user": NAME, "data": TEXT}` to a
    /// multicast group; receivers join the group and print every message. The quit word
    /// (`sair`) ends the chat for every receiver.
    #[command(subcommand)]
    Mcast(McastCommand),
    /// The socket tutorial's echo client and server
    ///
    /// The echo and multi-connection programs of the socket tutorial: the server sends every
    /// byte back; the client checks it got back exactly what it sent, on one or more
    /// connections at once.
    #[command(subcommand)]
    Echo(EchoCommand),
    /// The socket tutorial's JSON-header request/response application
    ///
    /// One request and one response per connection, each framed as a 2-byte big-endian
    /// length, a JSON header (byteorder, content-type, content-encoding, content-length) and
    /// the content.
    #[command(subcommand)]
    App(AppCommand),
    /// Check a server (or a chat peer) against the spec: numbered cases, a reason for every
    /// failure, and a hint when the bytes match a known mistake
    ///
    /// Plays the other side of one protocol against an implementation under test (a student's
    /// server, node or peer, or netlab's own) and runs numbered cases, each tied to a rule of
    /// the protocol reference, each on fresh connections with a timeout. Every case prints one
    /// line (PASS, FAIL, WARN or SKIP); under a FAIL, what was sent, what was expected and what
    /// arrived, decoded and in hex, and a hint when the bytes match a mistake seen in the wild
    /// (a little-endian length, a fixed 140-byte text, a TTL off by one…). --junit writes a
    /// report that CI and GitHub Classroom read.
    #[command(
        after_help = "Examples:\n  netlab check msg 127.0.0.1:55555\n  netlab check kv 127.0.0.1:5000 --key tcpmux --junit report.xml\n  netlab check chat --only chat.list --lang pt",
        after_long_help = check_help()
    )]
    Check(CheckArgs),
    /// Grade a class: every submission's roles checked against a rubric, with points,
    /// Gradescope results and a class report
    ///
    /// Runs `netlab check` on every role the rubric names (the server with --exec, in the
    /// submission's folder) of every submission folder, one after another or --jobs at once,
    /// each role stopped at its budget and graded on what it did. Writes, under --out,
    /// SUBMISSION/results.json (Gradescope's format), results.json (the whole class, which
    /// --resume reads), report.csv and report.html. With --matrix, every submission's clients
    /// also run against every submission's server and netlab's (the classroom scenario, through
    /// netlab's proxy), the matrix going into the same files. `netlab grade init PROTOCOL`
    /// writes a starting rubric naming every case.
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        after_help = "Examples:\n  netlab grade init msg > rubric.toml\n  netlab grade rubric.toml submissions/*/ --jobs 2\n  netlab grade rubric.toml submissions/*/ --resume grade-out/results.json\n  netlab grade rubric.toml submissions/*/ --matrix --jobs 2"
    )]
    Grade(GradeArgs),
    /// Narrated classroom scenarios on loopback (all of them without an argument)
    ///
    /// Plays the classroom scenarios of the five protocols inside this one process, on loopback
    /// ports the system picks, so nothing leaves the machine. Every line a role prints is shown with the
    /// role (`[emitter 1] > Ob-la-di`, `[display 1002] Message from 1: Ob-la-di`), and `#`
    /// lines narrate what happens and why. The lines of one step are shown together, role by
    /// role in a fixed order. On a terminal, narration wraps to its width (on a pipe it is not
    /// wrapped unless COLUMNS is set) and every role has its own colour (`--color`; NO_COLOR
    /// turns colour off unless `--color always`).
    #[command(after_help = "Examples:\n  \
                            netlab demo                     # every scenario in turn\n  \
                            netlab demo --step kv           # Enter moves on to the next step\n  \
                            netlab demo --pace 2 chat       # two seconds between steps\n  \
                            netlab --lang pt demo msg       # in Portuguese")]
    Demo(DemoArgs),
    /// Watch two programs talk: forward connections, print every frame decoded, and misbehave
    /// on purpose when asked (split, coalesce, delay, corrupt, close)
    ///
    /// Listens on LISTEN and forwards every connection it accepts to TARGET, printing every
    /// frame both ways on stdout as it passes, decoded, with the connection's number, the
    /// direction (`->` to the server, `<-` to the client), the time since start and the size
    /// (`--trace=hex` adds the bytes). Bytes that do not decode are shown raw, with the hints
    /// `netlab check` gives. Impairments apply to both directions unless `--only` says one, and
    /// combine; each one applied is told (`proxy: split MSG seq=3 into 14+2+8`). Memory stays
    /// bounded per connection: a side is not read while the other's outgoing bytes wait.
    /// Ctrl-C closes both sides of every connection and exits 0.
    #[command(after_help = "Examples:\n  \
                            netlab proxy msg 6000 127.0.0.1:55555            # watch\n  \
                            netlab proxy msg 6000 127.0.0.1:55555 --split field\n  \
                            netlab proxy app 6001 127.0.0.1:65432 --coalesce 2 --only to-server\n  \
                            netlab proxy kv 6002 127.0.0.1:5000 --corrupt ttl=0@1")]
    Proxy(Box<ProxyArgs>),
    /// Write shell completions or man pages (used to refresh completions/ and man/)
    #[command(subcommand, hide = true)]
    Generate(GenerateCommand),
}

// ---------------------------------------------------------------------------------------------
// msg

#[derive(Subcommand, Debug)]
pub enum MsgCommand {
    /// Relay messages from emitters to displays
    ///
    /// Accepts emitters (ids 1 to 999) and displays (ids 1000 to 1999) on one TCP port and
    /// relays every MSG to one display or to all of them. Each display gets one message at a
    /// time and the next once it has answered OK; an OK to the emitter means its message is
    /// queued for delivery, and a display that falls behind slows the emitters feeding it
    /// (TCP flow control) rather than losing messages. QEM makes a display print the list of
    /// clients. Ctrl-C sends every display FLW, waits up to 2 seconds for their OKs, and
    /// exits 0.
    #[command(
        after_help = "Examples:\n  netlab msg server\n  netlab msg server -p 0 -b 127.0.0.1   # the system picks the port"
    )]
    Server(MsgServerArgs),
    /// Send stdin lines as messages (ids 1 to 999)
    ///
    /// Registers with the server (with the lowest free id from 1 to 999, unless `--id`), then
    /// sends every line read from stdin as a MSG and shows the server's answer on stderr: OK,
    /// or ERRO with the reason. Lines that start with `/` are commands (see COMMANDS). End of
    /// input, Ctrl-C and `/quit` say goodbye (FLW) and exit 0.
    #[command(
        after_help = "Examples:\n  netlab msg emitter --id 1\n  seq 1000 | netlab msg emitter 192.168.0.10   # a bare host takes port 55555"
    )]
    Emitter(MsgEmitterArgs),
    /// Print the messages relayed to it (ids 1000 to 1999)
    ///
    /// Registers with the server (with the lowest free id from 1001 to 1999, unless `--id`)
    /// and prints every message relayed to it on stdout, `Message from ID: TEXT`, answering
    /// each with OK; a QEM prints `Clients (N): ID…`. It exits 0 when its owner asks it to stop
    /// (`/stop`), when the server shuts down, and on Ctrl-C.
    #[command(
        after_help = "Examples:\n  netlab msg display --id 1001\n  netlab --lang pt msg display 127.0.0.1:55555"
    )]
    Display(MsgDisplayArgs),
}

#[derive(Args, Debug, Clone)]
pub struct MsgServerArgs {
    /// TCP port to listen on (0: the OS picks)
    #[arg(short, long, default_value_t = msg::ServerConfig::default().port,
          value_hint = ValueHint::Other, value_parser = within(0u16, 65535))]
    pub port: u16,
    /// The same as `-p PORT`, given bare (`server 24100`)
    #[arg(value_name = "PORT", conflicts_with = "port", value_hint = ValueHint::Other,
          value_parser = within(0u16, 65535))]
    pub port_arg: Option<u16>,
    /// Address to bind (an IP, or a name such as localhost)
    #[arg(short, long, default_value_t = msg::ServerConfig::default().bind,
          value_parser = parse_bind, value_name = "ADDR", value_hint = ValueHint::Hostname)]
    pub bind: IpAddr,
    /// Most emitters registered at once (0 to 999)
    #[arg(long, default_value_t = msg::ServerConfig::default().max_emitters,
          value_parser = within(0u16, 999), value_name = "N")]
    pub max_emitters: u16,
    /// Most displays registered at once (0 to 1000)
    #[arg(long, default_value_t = msg::ServerConfig::default().max_displays,
          value_parser = within(0u16, 1000), value_name = "N")]
    pub max_displays: u16,
    /// Messages waiting per display; when its queue is full, the emitters feeding it wait
    #[arg(long, default_value_t = msg::ServerConfig::default().lane_limit,
          value_parser = at_least(1u32), value_name = "N")]
    pub queue: u32,
    /// How long a display may leave a message unacknowledged (e.g. 2s, 500ms)
    #[arg(long, default_value = duration(msg::ServerConfig::default().ack_timeout),
          value_parser = parse_duration, value_name = "TIME", allow_hyphen_values = true)]
    pub ack_timeout: Duration,
    /// How long a new connection has to complete its OI
    #[arg(long, default_value = duration(msg::ServerConfig::default().hello_timeout),
          value_parser = parse_duration, value_name = "TIME", allow_hyphen_values = true)]
    pub hello_timeout: Duration,
    /// How long a display that holds emitters back may take no data before it is dropped
    #[arg(long, default_value = duration(msg::ServerConfig::default().stall_timeout),
          value_parser = parse_duration, value_name = "TIME", allow_hyphen_values = true)]
    pub stall_timeout: Duration,
}

#[derive(Args, Debug, Clone)]
pub struct MsgEmitterArgs {
    /// Server address (a bare HOST takes the default port)
    #[arg(value_name = "HOST:PORT", default_value_t = msg::default_server(),
          value_parser = HostPort::parse, value_hint = ValueHint::Hostname)]
    pub server: HostPort,
    /// Id to register (1 to 999); without it the lowest free one is found
    #[arg(long, value_parser = named_within(Counted::Id, 1u16, 999))]
    pub id: Option<u16>,
    /// Default destination of plain lines: a display id, or 0 for every display
    #[arg(long, default_value_t = msg::EmitterConfig::default().to, value_name = "ID",
          value_hint = ValueHint::Other)]
    pub to: u16,
}

#[derive(Args, Debug, Clone)]
pub struct MsgDisplayArgs {
    /// Server address (a bare HOST takes the default port)
    #[arg(value_name = "HOST:PORT", default_value_t = msg::default_server(),
          value_parser = HostPort::parse, value_hint = ValueHint::Hostname)]
    pub server: HostPort,
    /// Id to register (1000 to 1999); without it the lowest free one from 1001 (1000 has no
    /// owner)
    #[arg(long, value_parser = named_within(Counted::Id, 1000u16, 1999))]
    pub id: Option<u16>,
    /// The emitter allowed to stop this display (1 to 999) [default: own id minus 1000]
    #[arg(long, value_parser = named_within(Counted::Id, 1u16, 999), value_name = "ID")]
    pub owner: Option<u16>,
}

// ---------------------------------------------------------------------------------------------
// kv

#[derive(Subcommand, Debug)]
pub enum KvCommand {
    /// A servent: holds a database, answers clients, floods requests to its neighbours
    ///
    /// Listens on PORT, loads DBFILE (one `KEY VALUE` per line; `#` starts a comment line) and
    /// connects to every neighbour given, which must already be running. A client's request is
    /// answered from this node's database and flooded to every neighbour with TTL 3; each node
    /// within reach that can answer opens a new connection to the client and sends one RESP.
    /// A flood seen before is dropped, so cycles in the overlay never multiply messages.
    #[command(
        after_help = "Examples:\n  netlab kv node 5000 db1.txt\n  netlab kv node 5001 db2.txt 127.0.0.1:5000   # with the first node as neighbour\n  netlab kv node 5002 /etc/services 127.0.0.1:5000 127.0.0.1:5001"
    )]
    Node(KvNodeArgs),
    /// Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits
    ///
    /// Listens for answers on PORT, connects to the node at IP:PORT, and reads commands from
    /// stdin (see COMMANDS; `help` lists them). After each request it prints every answer as it
    /// arrives, followed by the address of the connection that delivered it, until a quiet
    /// window passes with none (`--timeout`); with no answer at all it prints `No response
    /// received`.
    #[command(
        after_help = "Examples:\n  netlab kv client 6000 127.0.0.1:5000\n  printf '? tcpmux\\nT\\n' | netlab kv client 0 127.0.0.1:5000"
    )]
    Client(KvClientArgs),
}

#[derive(Args, Debug, Clone)]
pub struct KvNodeArgs {
    /// TCP port to listen on (0: the OS picks)
    #[arg(value_hint = ValueHint::Other, value_parser = within(0u16, 65535))]
    pub port: u16,
    /// Database file: one `KEY VALUE…` per line, `#` comments
    #[arg(value_hint = ValueHint::FilePath)]
    pub dbfile: PathBuf,
    /// Neighbours to connect to (they must already be running)
    #[arg(value_name = "IP:PORT", value_parser = HostPort::parse_with_port,
          value_hint = ValueHint::Hostname)]
    pub neighbours: Vec<HostPort>,
    /// Address to bind; outgoing connections also leave from it
    #[arg(short, long, value_parser = parse_bind, value_name = "ADDR",
          value_hint = ValueHint::Hostname)]
    pub bind: Option<IpAddr>,
    /// IP to give as this node's address in topology answers
    #[arg(long, value_name = "IP", value_hint = ValueHint::Other)]
    pub advertise: Option<IpAddr>,
    /// Start each value at its first non-blank character (the assignment's rule) instead of
    /// after the one blank that ends the key
    #[arg(long)]
    pub trim_values: bool,
    /// How long a flood is remembered, its later copies dropped (e.g. 10s, 1500ms)
    #[arg(long, value_name = "TIME",
          default_value = duration(kv::NodeConfig::default().dedup_window),
          value_parser = parse_duration, allow_hyphen_values = true)]
    pub dedup_window: Duration,
    /// Most answer connections opened to one client address per second (0: no cap)
    #[arg(long, value_name = "N", default_value_t = kv::NodeConfig::default().answer_rate)]
    pub answer_rate: u32,
    /// Largest database file loaded (e.g. 1GiB, 200MiB); a larger one is an error
    #[arg(long, value_name = "SIZE", value_parser = parse_db_size,
          default_value = dbfile::size(kv::NodeConfig::default().max_db_size).replace(' ', ""))]
    pub max_db_size: u64,
}

#[derive(Args, Debug, Clone)]
pub struct KvClientArgs {
    /// TCP port to receive answers on (0: the OS picks)
    #[arg(value_hint = ValueHint::Other, value_parser = within(0u16, 65535))]
    pub port: u16,
    /// The node to connect to
    #[arg(value_name = "IP:PORT", value_parser = HostPort::parse_with_port,
          value_hint = ValueHint::Hostname)]
    pub node: HostPort,
    /// Address to receive answers on; the connection to the node also leaves from it
    /// [default: the address that reaches the node; 0.0.0.0: every interface]
    #[arg(short, long, value_parser = parse_bind, value_name = "ADDR",
          value_hint = ValueHint::Hostname)]
    pub bind: Option<IpAddr>,
    /// Quiet time that ends the collection of answers (e.g. 4s, 1500ms)
    #[arg(long, default_value = duration(kv::ClientConfig::default().timeout),
          value_parser = parse_duration, value_name = "TIME", allow_hyphen_values = true)]
    pub timeout: Duration,
}

// ---------------------------------------------------------------------------------------------
// chat

#[derive(Subcommand, Debug)]
pub enum ChatCommand {
    /// The directory: who is online and where they listen
    ///
    /// Peers register a name and the port they take conversations on (`USER name:port`), ask
    /// who else is online (`LIST`) and where a name listens (`ADDR name`). A peer silent for
    /// `--expire` (three keepalive periods) is cut off; a protocol violation (a bad or taken
    /// name, a line over 4096 bytes, a command before USER) is answered `ERR reason` and the
    /// connection closed. Ctrl-C closes every connection and exits 0.
    #[command(
        after_help = "Examples:\n  netlab chat server\n  netlab chat server -p 0 --addr-with-name"
    )]
    Server(ChatServerArgs),
    /// Register with the directory and chat with other peers directly
    ///
    /// Registers NAME with the directory server, accepts conversations from other peers on a
    /// TCP port of its own, and opens conversations with `/chat NAME`. Lines read from stdin
    /// go to the active conversation; lines that start with `/` are commands (see COMMANDS).
    /// `/exit`, Ctrl-C and end of input close every conversation with DISC and exit 0.
    #[command(
        after_help = "Examples:\n  netlab chat peer Ana\n  netlab chat peer Bruno 192.168.0.10          # a bare host takes port 10000"
    )]
    Peer(ChatPeerArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ChatServerArgs {
    /// TCP port to listen on (0: the OS picks)
    #[arg(short, long, default_value_t = chat::ServerConfig::default().port,
          value_hint = ValueHint::Other, value_parser = within(0u16, 65535))]
    pub port: u16,
    /// The same as `-p PORT`, given bare (`server 24100`)
    #[arg(value_name = "PORT", conflicts_with = "port", value_hint = ValueHint::Other,
          value_parser = within(0u16, 65535))]
    pub port_arg: Option<u16>,
    /// Address to bind (an IP, or a name such as localhost)
    #[arg(short, long, default_value_t = chat::ServerConfig::default().bind,
          value_parser = parse_bind, value_name = "ADDR", value_hint = ValueHint::Hostname)]
    pub bind: IpAddr,
    /// Silence after which a user is cut off (e.g. 15s)
    #[arg(long, default_value = duration(chat::ServerConfig::default().expire),
          value_parser = parse_positive_duration, value_name = "TIME",
          allow_hyphen_values = true)]
    pub expire: Duration,
    /// Answer ADDR as `ADDR name:ip:port` (the later edition of the assignment)
    #[arg(long)]
    pub addr_with_name: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ChatPeerArgs {
    /// Name to register (1 to 32 characters, no `:`; blanks inside allowed, as in "ana julia")
    #[arg(value_parser = parse_chat_name, value_hint = ValueHint::Other)]
    pub name: String,
    /// Directory server address (a bare HOST takes the default port) [default: 127.0.0.1:10000]
    #[arg(value_name = "HOST:PORT", value_parser = HostPort::parse,
          value_hint = ValueHint::Hostname)]
    pub server: Option<HostPort>,
    /// The same as the HOST:PORT argument (the older spelling)
    #[arg(short = 's', long = "server", value_name = "HOST:PORT",
          value_parser = HostPort::parse, conflicts_with = "server",
          value_hint = ValueHint::Hostname)]
    pub server_flag: Option<HostPort>,
    /// TCP port to accept conversations on (0: the OS picks)
    #[arg(short, long, default_value_t = chat::PeerConfig::default().listen,
          value_name = "PORT", value_hint = ValueHint::Other, value_parser = within(0u16, 65535))]
    pub listen: u16,
    /// Address to bind for conversations
    #[arg(short, long, value_parser = parse_bind, value_name = "ADDR",
          value_hint = ValueHint::Hostname)]
    pub bind: Option<IpAddr>,
    /// Interval between keepalives to the server
    #[arg(long, default_value = duration(chat::PeerConfig::default().keepalive),
          value_parser = parse_positive_duration, value_name = "TIME",
          allow_hyphen_values = true)]
    pub keepalive: Duration,
}

// ---------------------------------------------------------------------------------------------
// mcast

#[derive(Subcommand, Debug)]
pub enum McastCommand {
    /// Send stdin lines to the group as JSON datagrams
    ///
    /// Sends every line read from stdin as one UDP datagram to the multicast group, the JSON
    /// object `{"user": NAME, "data": LINE}`, at most 1400 bytes (a longer line is refused and
    /// nothing is sent). The quit word (`sair`) is sent like any line, so every receiver
    /// stops, and then the sender exits 0; end of input and Ctrl-C exit 0 without sending it.
    /// Without `--iface` the system's default interface carries the datagrams onto the
    /// network: `--iface 127.0.0.1` keeps them on this machine.
    #[command(
        after_help = "Examples:\n  netlab mcast send --user Ana --iface 127.0.0.1\n  netlab mcast send -u Ana -g ff02::1:3 -i eth0   # an IPv6 group"
    )]
    Send(McastSendArgs),
    /// Join the group and print every message
    ///
    /// Joins the multicast group (several receivers may share the port on one host) and
    /// prints every message on stdout as `NAME: TEXT`. A message whose data is the quit word
    /// ends the chat: the receiver says who ended it, leaves the group and exits 0. Datagrams
    /// that are not messages are reported on stderr and skipped. It never reads stdin.
    #[command(after_help = "Examples:\n  netlab mcast recv --iface 127.0.0.1")]
    Recv(McastRecvArgs),
}

/// Group, port and interface, shared by send and recv.
#[derive(Args, Debug, Clone)]
pub struct McastGroup {
    /// Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)
    #[arg(short, long, default_value_t = mcast::GroupConfig::default().group,
          value_parser = parse_group, value_name = "GROUP", value_hint = ValueHint::Other)]
    pub group: IpAddr,
    /// UDP port
    #[arg(short, long, default_value_t = mcast::GroupConfig::default().port,
          value_hint = ValueHint::Other, value_parser = within(0u16, 65535))]
    pub port: u16,
    /// Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6
    /// its index [default: the system's choice]
    #[arg(short, long, value_name = "IFACE", value_hint = ValueHint::Other)]
    pub iface: Option<String>,
    /// Receive our own datagrams on this host (the default)
    #[arg(long = "loop", overrides_with = "no_loop")]
    pub loop_: bool,
    /// Do not receive our own datagrams on this host
    #[arg(long, overrides_with = "loop_")]
    pub no_loop: bool,
    /// The line that ends the chat
    #[arg(long, default_value = mcast::GroupConfig::default().quit_word, value_name = "WORD",
          value_hint = ValueHint::Other)]
    pub quit_word: String,
}

/// Parse a multicast group address: an IP literal in 224.0.0.0/4 or ff00::/8.
pub fn parse_group(s: &str) -> Result<IpAddr, String> {
    let ip: IpAddr = s
        .trim()
        .parse()
        .map_err(|_| BadValue::NotGroupIp(s).say())?;
    if ip.is_multicast() {
        Ok(ip)
    } else {
        Err(BadValue::NotGroup(&ip.to_string()).say())
    }
}

#[derive(Args, Debug, Clone)]
pub struct McastSendArgs {
    /// Name carried in every message (not empty)
    #[arg(short, long, value_name = "NAME", value_hint = ValueHint::Other,
          value_parser = parse_mcast_user)]
    pub user: String,
    /// Multicast TTL (hops, 0 to 255; 0 stays on this host, 1 on the local network)
    #[arg(long, default_value_t = mcast::SendConfig::default().ttl,
          value_parser = within(0u32, 255), value_name = "HOPS")]
    pub ttl: u32,
    #[command(flatten)]
    pub group: McastGroup,
}

#[derive(Args, Debug, Clone)]
pub struct McastRecvArgs {
    #[command(flatten)]
    pub group: McastGroup,
    /// Print each message with its sender's address first: `[IP:PORT] NAME: TEXT`
    #[arg(long)]
    pub show_sender: bool,
}

// ---------------------------------------------------------------------------------------------
// echo and app

#[derive(Subcommand, Debug)]
pub enum EchoCommand {
    /// Echo every byte back until the client closes; many clients at once
    ///
    /// Sends every byte it receives back on the same connection until the client closes, to
    /// any number of clients at once, and logs `accepted connection from IP:PORT` and
    /// `closing connection to IP:PORT` on stderr. It listens on 127.0.0.1:65432 by default.
    #[command(
        after_help = "Examples:\n  netlab echo server\n  netlab echo server -b 0.0.0.0 -p 65432"
    )]
    Server(TutorialServerArgs),
    /// Send messages on one or more connections and check the echo
    ///
    /// Opens `-c N` connections to the echo server, sends every MESSAGE on each, reads back
    /// exactly as many bytes as it sent and prints `received 'TEXT' from connection K`. A
    /// first argument that is an address (an IP, HOST:PORT, localhost or a dotted name) names
    /// the server; any other is the first message. Exit 1 if an echo differs or the server
    /// closes early.
    #[command(
        override_usage = "netlab echo client [OPTIONS] [HOST:PORT] [MESSAGE]...",
        after_help = "Examples:\n  netlab echo client\n  netlab echo client 127.0.0.1:65432 -c 2 \"Message 1 from client.\" \"Message 2 from client.\""
    )]
    Client(EchoClientArgs),
}

#[derive(Args, Debug, Clone)]
pub struct TutorialServerArgs {
    /// TCP port to listen on (0: the OS picks)
    #[arg(short, long, default_value_t = app::Listen::default().port,
          value_hint = ValueHint::Other, value_parser = within(0u16, 65535))]
    pub port: u16,
    /// The same as `-p PORT`, given bare (`server 24100`)
    #[arg(value_name = "PORT", conflicts_with = "port", value_hint = ValueHint::Other,
          value_parser = within(0u16, 65535))]
    pub port_arg: Option<u16>,
    /// Address to bind (an IP, or a name such as localhost)
    #[arg(short, long, default_value_t = app::Listen::default().bind,
          value_parser = parse_bind, value_name = "ADDR", value_hint = ValueHint::Hostname)]
    pub bind: IpAddr,
}

#[derive(Args, Debug, Clone)]
pub struct EchoClientArgs {
    /// Connections to open at once
    #[arg(short = 'c', long, default_value_t = app::EchoClientConfig::default().connections,
          value_parser = at_least(1u32), value_name = "N")]
    pub connections: u32,
    /// The server's address, if the first argument is one (an IP, HOST:PORT, localhost or a
    /// dotted name; default 127.0.0.1:65432), then the messages to send on each connection
    /// [default: "Hello, world"]
    #[arg(value_name = "[HOST:PORT] MESSAGE", value_hint = ValueHint::Other)]
    pub words: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum AppCommand {
    /// Answer JSON-header requests: search a table, or describe a binary request
    ///
    /// Answers one request per connection, then closes it. A text/json request
    /// `{"action": "search", "value": KEY}` gets the entry for KEY from the table (`--data
    /// FILE`, or the tutorial's built-in one) or `No match for "KEY".`; any other content type
    /// gets `First 10 bytes of request: …` back. A bad frame closes only its own connection,
    /// with the reason logged. It listens on 127.0.0.1:65432 by default.
    #[command(after_help = "Examples:\n  netlab app server\n  netlab app server --data db.txt")]
    Server(AppServerArgs),
    /// Send one request and print the response
    ///
    /// `search VALUE` sends a text/json request and prints `got result: RESULT`; any other
    /// ACTION sends the binary request ACTION+VALUE and prints `got response: BYTES`. The
    /// server address is optional (default 127.0.0.1:65432).
    #[command(
        override_usage = "netlab app client [OPTIONS] [HOST:PORT] ACTION VALUE",
        after_help = "Examples:\n  netlab app client search morpheus\n  netlab app client 127.0.0.1:65432 binary 😃"
    )]
    Client(AppClientArgs),
}

#[derive(Args, Debug, Clone)]
pub struct AppServerArgs {
    #[command(flatten)]
    pub listen: TutorialServerArgs,
    /// Searchable entries, in the kv database format [default: the tutorial's built-in set]
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub data: Option<PathBuf>,
    /// Largest --data file loaded (e.g. 1GiB, 200MiB); a larger one is an error
    #[arg(long, value_name = "SIZE", value_parser = parse_db_size,
          default_value = dbfile::size(app::AppServerConfig::default().max_data_size).replace(' ', ""))]
    pub max_data_size: u64,
    /// The largest content a request may announce (bytes, or with KiB or MiB; at most 16 MiB);
    /// a request over it is refused on its header
    #[arg(long, value_name = "SIZE", default_value = "1MiB", value_parser = parse_content_size)]
    pub max_content: u64,
}

/// Parse a content size: bytes (`1048576`), or KiB/MiB (`512KiB`, `1MiB`; `K`, `M` too), at
/// most the 16 MiB the frame allows.
fn parse_content_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, scale) = [
        ("KiB", 1 << 10),
        ("MiB", 1 << 20),
        ("K", 1 << 10),
        ("M", 1 << 20),
    ]
    .into_iter()
    .find_map(|(unit, scale)| t.strip_suffix(unit).map(|n| (n, scale)))
    .unwrap_or((t, 1));
    let size = num
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| BadValue::ContentSize(s).say())?;
    let max = crate::app::wire::MAX_CONTENT;
    if size > max {
        return Err(BadValue::ContentTooBig { value: s, max }.say());
    }
    Ok(size)
}

#[derive(Args, Debug, Clone)]
pub struct AppClientArgs {
    /// [HOST:PORT] (default 127.0.0.1:65432), ACTION (`search` sends a JSON request; anything
    /// else sends the binary request ACTION+VALUE), and VALUE (the key to search for, or the
    /// second half of a binary request)
    #[arg(value_name = "[HOST:PORT] ACTION VALUE", num_args = 1..=3,
          value_hint = ValueHint::Other)]
    pub words: Vec<String>,
}

/// The port a server listens on: the bare PORT argument, or `-p PORT` (its default).
macro_rules! listen_port {
    ($($args:ty),*) => {$(
        impl $args {
            pub fn listen_port(&self) -> u16 {
                self.port_arg.unwrap_or(self.port)
            }
        }
    )*};
}
listen_port!(MsgServerArgs, ChatServerArgs, TutorialServerArgs);

/// Why the words of `app client` are not `[HOST:PORT] ACTION VALUE`.
#[derive(Debug, PartialEq, Eq)]
pub enum AppWordsError {
    /// ACTION or VALUE (or both) is missing: the names of the missing ones.
    Missing(&'static str),
    /// The server does not parse.
    BadServer(String),
}

impl AppClientArgs {
    /// The server (if given), the action and the value. A first word that is an address
    /// names the server, so `127.0.0.1:24401 foo` lacks its VALUE (it never sends `foo` to
    /// the default server as the action `127.0.0.1:24401`).
    pub fn split(&self) -> Result<(Option<HostPort>, &str, &str), AppWordsError> {
        let address = HostPort::looks_like_address;
        match self.words.as_slice() {
            [first] if address(first) => Err(AppWordsError::Missing("ACTION VALUE")),
            [_] => Err(AppWordsError::Missing("VALUE")),
            [first, _] if address(first) => Err(AppWordsError::Missing("VALUE")),
            [action, value] => Ok((None, action, value)),
            [server, action, value] => Ok((
                Some(HostPort::parse(server).map_err(AppWordsError::BadServer)?),
                action,
                value,
            )),
            _ => Err(AppWordsError::Missing("ACTION VALUE")),
        }
    }
}

/// A multicast user name: anything but nothing (receivers print it before every line).
fn parse_mcast_user(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err(BadValue::EmptyMcastName.say())
    } else {
        Ok(s.to_string())
    }
}

/// A chat name, checked as the server would (a refused name is a usage error).
fn parse_chat_name(s: &str) -> Result<String, String> {
    crate::chat::wire::check_name(s)
        .map(|()| s.to_string())
        .map_err(|e| crate::term::text::Text::render(&e, crate::term::text::command_line_lang()))
}

/// A usage error (exit 2) that clap could not find alone, with the usage line of the
/// subcommand the user typed (`netlab demo [OPTIONS] [SCENARIO]`), not the whole program's.
fn usage_error(kind: clap::error::ErrorKind, why: String) -> clap::Error {
    // The command line in the user's language: the usage line's names are theirs too.
    let mut cmd = crate::help_pt::command_in(command_line_lang());
    cmd.build();
    let mut names = vec!["netlab".to_string()];
    let mut at = &cmd;
    // (args_os: a path need not be UTF-8, and clap took it as it was.)
    for arg in std::env::args_os().skip(1) {
        let Some(arg) = arg.to_str() else { continue };
        if let Some(sub) = at.get_subcommands().find(|c| c.get_name() == arg) {
            names.push(arg.to_string());
            at = sub;
        }
    }
    at.clone().bin_name(names.join(" ")).error(kind, why)
}

impl Cli {
    /// What clap cannot check alone (a value whose meaning depends on how many were given).
    /// A failure is a usage error, exit 2, like clap's own.
    pub fn check(&self) -> Result<(), clap::Error> {
        let no_diagram = match &self.command {
            Command::Generate(_) | Command::Mcast(_) => true,
            Command::Proxy(a) => a.protocol == proxy::Proto::Mcast,
            _ => false,
        };
        let d = &self.global.diagram;
        if no_diagram && d.diagram.is_some() {
            let kind = clap::error::ErrorKind::ArgumentConflict;
            return Err(usage_error(kind, Usage::NoDiagram.say()));
        }
        // `--diagram-limit` and `--ascii` shape a diagram: one asked for with `--diagram`
        // (before or after the subcommand: global flags are seen here, wherever they were
        // given), or a failing check case's, drawn without asking.
        let shaped = d.diagram_limit.is_some() || d.ascii;
        if shaped && d.diagram.is_none() && !matches!(self.command, Command::Check(_)) {
            let kind = clap::error::ErrorKind::MissingRequiredArgument;
            let flag = if d.diagram_limit.is_some() {
                "--diagram-limit"
            } else {
                "--ascii"
            };
            return Err(usage_error(kind, Usage::DiagramShape(flag).say()));
        }
        if let Command::Proxy(a) = &self.command
            && let Some(why) = a.problem().map(|u| u.say())
        {
            let kind = clap::error::ErrorKind::ValueValidation;
            return Err(usage_error(kind, why));
        }
        if let Command::Mcast(McastCommand::Send(McastSendArgs { group: g, .. }))
        | Command::Mcast(McastCommand::Recv(McastRecvArgs { group: g, .. })) = &self.command
            && let Err(e) = crate::mcast::socket::Iface::parse(
                g.group,
                g.iface.as_deref(),
                crate::term::text::command_line_lang(),
            )
        {
            let kind = clap::error::ErrorKind::ValueValidation;
            return Err(usage_error(kind, e.to_string()));
        }
        if let Command::Check(a) = &self.command {
            let suite = check::suite(a.protocol);
            let only = check::patterns(&a.only);
            let why = if a.timeout.is_zero() {
                Some(Usage::CheckTimeoutZero.say())
            } else if !only.is_empty() && check::select(suite, &only).is_empty() {
                Some(
                    Usage::CheckNoCase {
                        patterns: a.only.join(","),
                        suite: suite.name,
                    }
                    .say(),
                )
            } else if let Some(why) =
                check::config::client_usage(&check::config::Config::from(a.clone()))
            {
                Some(why)
            } else if a.target.is_none()
                && a.exec.is_none()
                && !a.list
                && suite.default_port.is_none()
                && check::client::role(a.protocol).is_none()
            {
                Some(Usage::CheckNeedsTarget(suite.name).say())
            } else {
                None
            };
            if let Some(why) = why {
                let kind = clap::error::ErrorKind::ValueValidation;
                return Err(usage_error(kind, why));
            }
        }
        if let Command::App(AppCommand::Client(a)) = &self.command {
            a.split().map_err(|why| {
                let (kind, why) = match why {
                    AppWordsError::Missing(names) => (
                        clap::error::ErrorKind::MissingRequiredArgument,
                        Usage::Missing {
                            names,
                            after: a.words.join(" "),
                        }
                        .say(),
                    ),
                    AppWordsError::BadServer(why) => (
                        clap::error::ErrorKind::ValueValidation,
                        Usage::BadServer {
                            value: &a.words[0],
                            why,
                        }
                        .say(),
                    ),
                };
                usage_error(kind, why)
            })?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// check

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// What to check
    #[arg(value_enum, value_name = "PROTOCOL")]
    pub protocol: Proto,
    /// Its address (a bare HOST takes the protocol's default port; kv and chat-peer need one)
    #[arg(value_name = "HOST:PORT", value_parser = HostPort::parse)]
    pub target: Option<HostPort>,
    /// List the cases (numbered by spec section) without running them, and the longest a run
    /// of them can take
    #[arg(long)]
    pub list: bool,
    /// Run only these cases: an id (kv.flood.3) or a prefix (kv.flood), comma-separated or
    /// repeated
    #[arg(long, value_name = "PATTERN")]
    pub only: Vec<String>,
    /// How long any one expected answer may take, however slowly its bytes come (e.g. 2s,
    /// 500ms)
    #[arg(long, default_value = duration(check::config::TIMEOUT), value_parser = parse_duration,
          value_name = "TIME", allow_hyphen_values = true)]
    pub timeout: Duration,
    /// Skip the cases that need long waits (the 15 s keepalive expiry, the 10 s OI deadline)
    #[arg(long)]
    pub quick: bool,
    /// Also run the strict cases (exact texts and timestamps, extensions)
    #[arg(long)]
    pub strict: bool,
    /// Also write the results as JUnit XML to FILE (for CI and GitHub Classroom)
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// One JSON object per case on stdout instead of text
    #[arg(long)]
    pub json: bool,
    /// kv: a key the node holds (its value is learned from the answer)
    #[arg(long, default_value = check::config::KEY)]
    pub key: String,
    /// Start the server under test with this command (no HOST:PORT then): `{port}` is a free
    /// port; it is started again between cases if it died, and stopped with its process group
    /// at the end (e.g. "python3 server.py {port}")
    #[arg(long, value_name = "COMMAND", conflicts_with = "target")]
    pub exec: Option<String>,
    /// Also write Gradescope's results.json to FILE (points from --rubric, else 1 per case)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub gradescope: Option<PathBuf>,
    /// The points of the cases (a `netlab grade` rubric, TOML or JSON): the `Points N/M` line,
    /// --junit and --gradescope carry them
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub rubric: Option<PathBuf>,
    /// A client check: what to type for ACTION (broadcast, unicast, qem, stop-display, list,
    /// chat, bye, quit), `{text}`, `{dest}`, `{name}` filled in; repeated [default: netlab's
    /// own commands, e.g. quit=/quit]
    #[arg(long, value_name = "ACTION=TEMPLATE")]
    pub say: Vec<String>,
    /// A client check: a file of ACTION=TEMPLATE lines (`#` comments); --say wins over it
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub say_file: Option<PathBuf>,
    /// A client check: the client's command line, after `--`, run once per case; {host},
    /// {port}, {server} (HOST:PORT), {listen}, {id}, {action}, {value}, {group} and {iface}
    /// are replaced, and NETLAB_HOST, NETLAB_PORT… are set
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// `netlab check --help`: every case of every protocol, and the exit status.
fn check_help() -> String {
    format!(
        "{}\nEvery case and every liveness probe runs within a budget derived from --timeout, \
         and at most 1 MiB of one answer is read: --list prints (on stderr) the longest a run of \
         the cases it lists can take.\n\nExit status: 0 when no case failed (warnings and skips \
         are not failures), 1 when one did, when nothing accepts connections at HOST:PORT or \
         when a report cannot be written (stdout, --junit), 2 for a bad command line, 130 or \
         143 when interrupted by SIGINT or SIGTERM (the reports then hold what ran).\n\n\
         Examples:\n  netlab check msg 127.0.0.1:55555\n  netlab check kv \
         127.0.0.1:5000 --key tcpmux --junit report.xml\n  netlab check chat --only chat.list \
         --lang pt",
        check::catalog()
    )
}

// ---------------------------------------------------------------------------------------------
// grade

#[derive(Args, Debug, Clone)]
pub struct GradeArgs {
    #[command(subcommand)]
    pub init: Option<GradeCommand>,
    /// The rubric (TOML or JSON): the protocol, how to start each role, the points
    #[arg(value_name = "RUBRIC", required = true, value_hint = ValueHint::FilePath)]
    pub rubric: Option<PathBuf>,
    /// The submissions, one folder each (its name is the submission's)
    #[arg(value_name = "SUBMISSION_DIR", required = true, value_hint = ValueHint::DirPath)]
    pub submissions: Vec<PathBuf>,
    /// Grade this many submissions at once (each on ports of its own)
    #[arg(long, default_value_t = 1, value_name = "N",
          value_parser = within(1u16, 64))]
    pub jobs: u16,
    /// Skip the submissions already graded in this file (an earlier run's results.json)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub resume: Option<PathBuf>,
    /// The longest one role of one submission may take: TIME for every role, or ROLE=TIME
    /// (repeated) [default: the check's ceiling for the server, 5m for a client role]
    #[arg(long, value_name = "[ROLE=]TIME")]
    pub budget: Vec<String>,
    /// Where the results and reports go
    #[arg(long, default_value = "grade-out", value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub out: PathBuf,
    /// Also run every submission's clients against every submission's server and netlab's,
    /// the protocol's classroom scenario through netlab's proxy (msg, echo, app, kv, chat)
    #[arg(long)]
    pub matrix: bool,
}

#[derive(Subcommand, Debug, Clone)]
pub enum GradeCommand {
    /// Write a starting rubric naming every case of PROTOCOL, commented, on stdout
    #[command(
        long_about = "Write a starting rubric naming every case of PROTOCOL, commented, on \
                      stdout.\n\nThe rubric names the protocol, a [server] section with the \
                      command that starts a submission's server ({port} is a free port), and \
                      [points] with every case of PROTOCOL, one point each, ready to edit.",
        after_help = "Examples:\n  netlab grade init msg > rubric.toml\n  netlab grade init \
                      echo --lang pt > rubrica.toml"
    )]
    Init {
        /// The protocol, or the client role, whose cases the rubric names
        #[arg(value_enum, value_name = "PROTOCOL")]
        protocol: Proto,
    },
}

// ---------------------------------------------------------------------------------------------
// demo and generate

#[derive(Args, Debug, Clone)]
pub struct DemoArgs {
    /// Which scenario [default: all of them, in turn]
    #[arg(value_enum)]
    pub scenario: Option<Scenario>,
    /// Show each step's narration, then wait for Enter before playing it (one line of input
    /// per step; at end of input the demo runs on without waiting; Ctrl-C stops it, status 0)
    #[arg(long, conflicts_with = "pace")]
    pub step: bool,
    /// Wait this many seconds before each step (e.g. 2, 1.5, 500ms)
    #[arg(long, value_name = "SECONDS", value_parser = parse_duration,
          allow_hyphen_values = true)]
    pub pace: Option<Duration>,
    /// Colour each role's lines: on a terminal only (auto; NO_COLOR turns it off), always, or
    /// never
    #[arg(long, value_enum, default_value_t = Colour::Auto, value_name = "WHEN")]
    pub color: Colour,
}

#[derive(Subcommand, Debug)]
pub enum GenerateCommand {
    /// Print the completion script for SHELL on stdout
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write netlab.1 and one page per subcommand into DIR
    Man {
        #[arg(value_hint = ValueHint::DirPath)]
        dir: PathBuf,
    },
    /// Write netlab.lua, the Wireshark dissectors of every protocol, into DIR
    Wireshark {
        #[arg(value_hint = ValueHint::DirPath)]
        dir: PathBuf,
    },
}

/// A number from `lo` to `hi`, the range written for people in the error
/// (`"1001" is not a number from 1 to 999`).
pub fn within<T>(lo: T, hi: T) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    named_within(Counted::Number, lo, hi)
}

/// [`within`] for a value that is not just a number (`"5000" is not an id from 1 to 999`).
pub fn named_within<T>(
    what: Counted,
    lo: T,
    hi: T,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    move |s: &str| match s.trim().parse::<T>() {
        Ok(n) if n >= lo && n <= hi => Ok(n),
        _ => Err(BadValue::Range {
            value: s,
            what,
            lo: lo.to_string(),
            hi: hi.to_string(),
        }
        .say()),
    }
}

/// A number of at least `lo` (`"0" is not a number of 1 or more`).
pub fn at_least<T>(lo: T) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    move |s: &str| match s.trim().parse::<T>() {
        Ok(n) if n >= lo => Ok(n),
        _ => Err(BadValue::AtLeast {
            value: s,
            lo: lo.to_string(),
        }
        .say()),
    }
}

/// A database size limit: `1073741824`, `1GiB`, `200MiB`, `512KiB` (`G`, `M`, `K` too); at
/// least 1 byte.
pub fn parse_db_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, scale) = [
        ("GiB", 1 << 30),
        ("MiB", 1 << 20),
        ("KiB", 1 << 10),
        ("G", 1 << 30),
        ("M", 1 << 20),
        ("K", 1 << 10),
    ]
    .into_iter()
    .find_map(|(unit, scale)| t.strip_suffix(unit).map(|n| (n, scale)))
    .unwrap_or((t, 1u64));
    match num
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
    {
        Some(n) if n > 0 => Ok(n),
        _ => Err(BadValue::DbSize(s).say()),
    }
}

/// [`parse_duration`] for a period that must not be zero (a keepalive, an expiry).
pub fn parse_positive_duration(s: &str) -> Result<Duration, String> {
    match parse_duration(s)? {
        d if d.is_zero() => Err(BadValue::NoTime(s).say()),
        d => Ok(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn content_sizes() {
        assert_eq!(parse_content_size("1MiB"), Ok(1 << 20));
        assert_eq!(parse_content_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_content_size("16M"), Ok(16 << 20));
        assert_eq!(parse_content_size("0"), Ok(0));
        assert!(parse_content_size("17MiB").is_err());
        assert!(parse_content_size("big").is_err());
        // The default it shows is the config's.
        assert_eq!(
            parse_content_size("1MiB"),
            Ok(crate::app::config::AppServerConfig::default().max_content)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// proxy

#[derive(Args, Debug, Clone)]
pub struct ProxyArgs {
    /// The protocol the two programs speak
    #[arg(value_enum)]
    pub protocol: proxy::Proto,
    /// Where to listen: PORT (on 127.0.0.1; 0 lets the system pick) or IP:PORT
    #[arg(value_parser = proxy::parse_listen, value_hint = ValueHint::Other)]
    pub listen: std::net::SocketAddr,
    /// Where to forward each connection: HOST:PORT (a bare host takes the protocol's port)
    #[arg(value_parser = HostPort::parse, value_hint = ValueHint::Hostname)]
    pub target: HostPort,
    /// Write each frame N bytes at a time, or cut at its fields (`field`: after msg's header
    /// and length, 14+2+8; inside a bare header; around kv's data; app's length and header;
    /// a chat line inside its text and between CR and LF)
    #[arg(long, value_name = "N|field", value_parser = proxy::parse_split, help_heading = IMPAIR)]
    pub split: Option<proxy::lane::Split>,
    /// The pause between the pieces of a split frame (--split) [default: 20ms]
    #[arg(long, value_name = "TIME", value_parser = parse_duration, help_heading = IMPAIR,
          allow_hyphen_values = true)]
    pub gap: Option<Duration>,
    /// Hold up to N frames and deliver them in one write
    #[arg(long, value_name = "N", value_parser = parse_coalesce, help_heading = IMPAIR)]
    pub coalesce: Option<usize>,
    /// How long --coalesce waits for more frames before sending what it holds (mcast: how long
    /// --reorder holds a datagram back when no next one comes) [default: 100ms]
    #[arg(long, value_name = "TIME", value_parser = parse_positive_duration,
          help_heading = IMPAIR, allow_hyphen_values = true)]
    pub hold: Option<Duration>,
    /// Deliver every frame this much later (order is kept, as TCP keeps it)
    #[arg(long, value_name = "TIME", value_parser = parse_positive_duration,
          help_heading = IMPAIR, allow_hyphen_values = true)]
    pub delay: Option<Duration>,
    /// Add a random delay from 0 up to TIME to every frame (order is kept)
    #[arg(long, value_name = "TIME", value_parser = parse_positive_duration,
          help_heading = IMPAIR, allow_hyphen_values = true)]
    pub jitter: Option<Duration>,
    /// Deliver at most BYTES per second
    #[arg(long, value_name = "BYTES", value_parser = at_least(1u64),
          help_heading = IMPAIR)]
    pub rate: Option<u64>,
    /// Close both sides once N frames went one way
    #[arg(long, value_name = "N", value_parser = at_least(1u64),
          help_heading = IMPAIR)]
    pub close_after: Option<u64>,
    /// Reset (RST) both sides once N frames went one way
    #[arg(long, value_name = "N", value_parser = at_least(1u64),
          help_heading = IMPAIR)]
    pub reset_after: Option<u64>,
    /// End the stream toward the receiver once N frames went its way (the other way goes on)
    #[arg(long, value_name = "N", value_parser = at_least(1u64),
          help_heading = IMPAIR)]
    pub half_close_after: Option<u64>,
    /// Set a field of the Nth frame to VALUE (`type=9@3`; names as the protocol reference
    /// has them: msg type orig dest seq timestamp length count, kv type port nseq size ttl
    /// ip, app length)
    #[arg(long, value_name = "FIELD=VALUE@N", value_parser = proxy::parse_corrupt,
          help_heading = IMPAIR)]
    pub corrupt: Option<proxy::lane::Corrupt>,
    /// Apply the impairments to one direction only
    #[arg(long, value_enum, value_name = "DIRECTION", help_heading = IMPAIR)]
    pub only: Option<proxy::Only>,
    /// mcast: drop each datagram with probability P (0 to 1, or a percentage: 10%)
    #[arg(long, value_name = "P", value_parser = proxy::parse_probability, help_heading = IMPAIR)]
    pub drop: Option<f64>,
    /// mcast: send each datagram twice with probability P
    #[arg(long, value_name = "P", value_parser = proxy::parse_probability, help_heading = IMPAIR)]
    pub duplicate: Option<f64>,
    /// mcast: hold each datagram back with probability P and deliver it after the next one
    /// (alone after --hold if no next one comes)
    #[arg(long, value_name = "P", value_parser = proxy::parse_probability, help_heading = IMPAIR)]
    pub reorder: Option<f64>,
    /// mcast: the interface every socket is pinned to (its IPv4 address or name) [default:
    /// 127.0.0.1]
    #[arg(short, long, value_name = "IFACE", value_hint = ValueHint::Other)]
    pub iface: Option<String>,
    /// Seed of the random choices (--jitter, --drop, --duplicate, --reorder), to repeat a run
    /// exactly
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// chat: carry the peers' calls too: each peer address in the directory's ADDR answers
    /// is rewritten to a listener of the proxy that forwards to the peer, so conversations
    /// are decoded and impaired (at most 64 such listeners; kv answers are always carried)
    #[arg(long)]
    pub peers: bool,
}

/// `--diagram` and its options, shared by the commands that draw sequence diagrams.
#[derive(Args, Debug, Clone)]
pub struct DiagramArgs {
    /// Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and
    /// PlantUML text bare, without a Markdown fence): a role's traced frames (its own stdout
    /// lines then go to stderr), the proxy's connections (at Ctrl-C), the demo's roles; for
    /// `check`, the format of each failing case's exchange in the text report (drawn without
    /// this flag too: a ladder there, Mermaid in --json, at most 12 frames unless
    /// --diagram-limit says otherwise)
    #[arg(long, global = true, value_enum, value_name = "FORMAT", help_heading = DIAGRAMS)]
    pub diagram: Option<crate::diagram::Format>,
    /// Draw at most N frames, then a note saying how many were left out
    #[arg(long, global = true, value_name = "N", help_heading = DIAGRAMS,
          value_parser = within(1usize, 1_000_000), allow_negative_numbers = true)]
    pub diagram_limit: Option<usize>,
    /// Draw the ladder in plain ASCII rather than box-drawing characters
    #[arg(long, global = true, help_heading = DIAGRAMS)]
    pub ascii: bool,
}

/// The heading of the diagram options.
pub const DIAGRAMS: &str = "Diagrams";

impl ProxyArgs {
    /// The interface of the mcast relay's sockets.
    pub const DEFAULT_IFACE: &str = "127.0.0.1";

    /// What the command line asks that the protocol cannot do (a usage error), if anything:
    /// a flag of the other kind of protocol, or one without the flag it serves.
    pub fn problem(&self) -> Option<Usage<'_>> {
        let mcast = self.protocol == proxy::Proto::Mcast;
        let impairments = [
            ("--split", self.split.is_some()),
            ("--coalesce", self.coalesce.is_some()),
            ("--delay", self.delay.is_some()),
            ("--jitter", self.jitter.is_some()),
            ("--rate", self.rate.is_some()),
            ("--close-after", self.close_after.is_some()),
            ("--reset-after", self.reset_after.is_some()),
            ("--half-close-after", self.half_close_after.is_some()),
            ("--corrupt", self.corrupt.is_some()),
        ];
        let tcp_only = impairments.iter().copied().chain([
            ("--gap", self.gap.is_some()),
            ("--only", self.only.is_some()),
            ("--peers", self.peers),
        ]);
        let udp_only = [
            ("--drop", self.drop.is_some()),
            ("--duplicate", self.duplicate.is_some()),
            ("--reorder", self.reorder.is_some()),
            ("--iface", self.iface.is_some()),
        ];
        let random = self.jitter.is_some()
            || self.drop.is_some()
            || self.duplicate.is_some()
            || self.reorder.is_some();
        if mcast {
            if let Some((flag, _)) = tcp_only.clone().find(|(_, given)| *given) {
                return Some(Usage::TcpOnly(flag));
            }
            if self.hold.is_some() && self.reorder.is_none() {
                return Some(Usage::Needs {
                    flag: "--hold",
                    partner: "--reorder",
                });
            }
            if self.seed.is_some() && !random {
                return Some(Usage::SeedAlone);
            }
            if !self.listen.ip().is_multicast() {
                return Some(Usage::NotGroupPort(self.listen.to_string()));
            }
            let to_group = self
                .target
                .host
                .trim_matches(['[', ']'])
                .parse::<IpAddr>()
                .ok();
            let Some(group) = to_group.filter(|ip| ip.is_multicast()) else {
                return Some(Usage::NotGroupPort(self.target.host.clone()));
            };
            if self.target.port.is_none() {
                return Some(Usage::NotGroupPort(self.target.host.clone()));
            }
            if group == self.listen.ip() && self.target.port == Some(self.listen.port()) {
                return Some(Usage::SameGroups);
            }
            // The default interface is IPv4's loopback: an IPv6 group needs one named.
            if self.iface.is_none() && (self.listen.ip().is_ipv6() || group.is_ipv6()) {
                return Some(Usage::Ipv6NeedsIface);
            }
            // The interface, checked as the relay will take it, for both groups.
            let iface = self.iface.as_deref().unwrap_or(Self::DEFAULT_IFACE);
            let lang = crate::term::text::command_line_lang();
            for g in [self.listen.ip(), group] {
                if let Err(e) = crate::mcast::socket::Iface::parse(g, Some(iface), lang) {
                    return Some(Usage::Iface(e.to_string()));
                }
            }
            return None;
        }
        if let Some((flag, _)) = udp_only.iter().find(|(_, given)| *given) {
            return Some(Usage::McastOnly(flag));
        }
        if self.peers && self.protocol != proxy::Proto::Chat {
            return Some(Usage::ChatOnly("--peers"));
        }
        if self.gap.is_some() && self.split.is_none() {
            return Some(Usage::Needs {
                flag: "--gap",
                partner: "--split",
            });
        }
        if self.hold.is_some() && self.coalesce.is_none() {
            return Some(Usage::Needs {
                flag: "--hold",
                partner: "--coalesce",
            });
        }
        if self.only.is_some() && !impairments.iter().any(|(_, given)| *given) {
            return Some(Usage::OnlyAlone);
        }
        if self.seed.is_some() && !random {
            return Some(Usage::SeedAlone);
        }
        let c = self.corrupt.as_ref()?;
        proxy::corrupt_problem(self.protocol, c).map(|why| Usage::Corrupt {
            value: c.typed.clone(),
            why: Box::new(why),
        })
    }
}

/// `--coalesce N`: 2 frames or more (one is no coalescing), at most 1000.
fn parse_coalesce(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (2..=1000).contains(&n) => Ok(n),
        _ => Err(BadValue::Range {
            value: s,
            what: Counted::Frames,
            lo: "2".into(),
            hi: "1000".into(),
        }
        .say()),
    }
}

/// The heading of the proxy's impairments in `--help` and the man page.
pub const IMPAIR: &str = "Impairments";
