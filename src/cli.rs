//! Every clap definition: the single source of the command line, its `--help`, the man pages
//! and the shell completions (`netlab generate …`). No other file declares a flag.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::app::config as app;
use crate::chat::config as chat;
use crate::demo::Scenario;
use crate::kv::config as kv;
use crate::mcast::config as mcast;
use crate::msg::config as msg;
use crate::net::addr::{HostPort, parse_bind};
use crate::net::text::{Lang, duration};

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
    after_help = "Example:\n  netlab demo            # every classroom scenario, narrated, on loopback",
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
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Log more: every connection and routing decision (stderr)
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Log only errors (stderr)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Dump every frame sent and received, decoded (stderr); `--trace=hex` adds a timestamp
    /// and the bytes
    #[arg(
        long,
        global = true,
        value_enum,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "frames",
        value_name = "HOW"
    )]
    pub trace: Option<TraceMode>,
}

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
    #[command(subcommand)]
    Msg(MsgCommand),
    /// Peer-to-peer key-value store with TTL-limited flooding
    #[command(subcommand)]
    Kv(KvCommand),
    /// Text-line P2P chat with a directory server
    #[command(subcommand)]
    Chat(ChatCommand),
    /// UDP multicast chat with JSON datagrams
    #[command(subcommand)]
    Mcast(McastCommand),
    /// The socket tutorial's echo client and server
    #[command(subcommand)]
    Echo(EchoCommand),
    /// The socket tutorial's JSON-header request/response application
    #[command(subcommand)]
    App(AppCommand),
    /// Narrated classroom scenarios on loopback (all of them without an argument)
    #[command(after_help = "Example:\n  netlab demo msg --lang pt")]
    Demo(DemoArgs),
    /// Write shell completions or man pages (used to refresh completions/ and man/)
    #[command(subcommand, hide = true)]
    Generate(GenerateCommand),
}

// ---------------------------------------------------------------------------------------------
// msg

#[derive(Subcommand, Debug)]
pub enum MsgCommand {
    /// Relay messages from emitters to displays
    #[command(after_help = "Example:\n  netlab msg server -p 55555")]
    Server(MsgServerArgs),
    /// Send stdin lines as messages (ids 1..=999)
    #[command(after_help = "Example:\n  netlab msg emitter 127.0.0.1:55555 --id 1")]
    Emitter(MsgEmitterArgs),
    /// Print the messages relayed to it (ids 1000..=1999)
    #[command(after_help = "Example:\n  netlab msg display 127.0.0.1:55555 --id 1001")]
    Display(MsgDisplayArgs),
}

#[derive(Args, Debug, Clone)]
pub struct MsgServerArgs {
    /// TCP port to listen on (0: the OS picks)
    #[arg(short, long, default_value_t = msg::ServerConfig::default().port)]
    pub port: u16,
    /// Address to bind (an IP, or a name such as localhost)
    #[arg(short, long, default_value_t = msg::ServerConfig::default().bind,
          value_parser = parse_bind)]
    pub bind: IpAddr,
    /// Most emitters registered at once
    #[arg(long, default_value_t = msg::ServerConfig::default().max_emitters,
          value_parser = clap::value_parser!(u16).range(0..=999))]
    pub max_emitters: u16,
    /// Most displays registered at once
    #[arg(long, default_value_t = msg::ServerConfig::default().max_displays,
          value_parser = clap::value_parser!(u16).range(0..=1000))]
    pub max_displays: u16,
    /// Messages waiting per display before it is dropped as too slow
    #[arg(long, default_value_t = msg::ServerConfig::default().queue,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub queue: u32,
    /// How long a display may leave a message unacknowledged (e.g. 2s, 500ms)
    #[arg(long, default_value = duration(msg::ServerConfig::default().ack_timeout),
          value_parser = parse_duration)]
    pub ack_timeout: Duration,
    /// How long a new connection has to complete its OI
    #[arg(long, default_value = duration(msg::ServerConfig::default().hello_timeout),
          value_parser = parse_duration)]
    pub hello_timeout: Duration,
}

#[derive(Args, Debug, Clone)]
pub struct MsgEmitterArgs {
    /// Server address (a bare HOST takes the default port)
    #[arg(value_name = "HOST:PORT", default_value_t = msg::default_server(),
          value_parser = HostPort::parse)]
    pub server: HostPort,
    /// Id to register (1..=999); without it the lowest free one is found
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=999))]
    pub id: Option<u16>,
    /// Default destination of plain lines: a display id, or 0 for every display
    #[arg(long, default_value_t = msg::EmitterConfig::default().to)]
    pub to: u16,
}

#[derive(Args, Debug, Clone)]
pub struct MsgDisplayArgs {
    /// Server address (a bare HOST takes the default port)
    #[arg(value_name = "HOST:PORT", default_value_t = msg::default_server(),
          value_parser = HostPort::parse)]
    pub server: HostPort,
    /// Id to register (1000..=1999); without it the lowest free one is found
    #[arg(long, value_parser = clap::value_parser!(u16).range(1000..=1999))]
    pub id: Option<u16>,
    /// The emitter allowed to stop this display [default: own id minus 1000]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=999))]
    pub owner: Option<u16>,
}

// ---------------------------------------------------------------------------------------------
// kv

#[derive(Subcommand, Debug)]
pub enum KvCommand {
    /// A servent: holds a database, answers clients, floods requests to its neighbours
    #[command(after_help = "Example:\n  netlab kv node 5001 db1.txt 127.0.0.1:5000")]
    Node(KvNodeArgs),
    /// Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits
    #[command(after_help = "Commands (one a line on stdin):\n  \
                            ? KEY   ask every node within 3 hops for KEY\n  \
                            T       ask for the topology (the nodes within 3 hops)\n  \
                            Q       quit (end of input and Ctrl-C too)\n  \
                            help    list the commands (? alone too)\n\n\
                            Example:\n  netlab kv client 6000 127.0.0.1:5000")]
    Client(KvClientArgs),
}

#[derive(Args, Debug, Clone)]
pub struct KvNodeArgs {
    /// TCP port to listen on (0: the OS picks)
    pub port: u16,
    /// Database file: one `KEY VALUE…` per line, `#` comments
    pub dbfile: PathBuf,
    /// Neighbours to connect to (they must already be running)
    #[arg(value_name = "IP:PORT", value_parser = HostPort::parse_with_port)]
    pub neighbours: Vec<HostPort>,
    /// Address to bind; outgoing connections also leave from it
    #[arg(short, long, value_parser = parse_bind)]
    pub bind: Option<IpAddr>,
    /// IP to give as this node's address in topology answers
    #[arg(long, value_name = "IP")]
    pub advertise: Option<IpAddr>,
    /// Start each value at its first non-blank character (the assignment's rule) instead of
    /// after the one blank that ends the key
    #[arg(long)]
    pub trim_values: bool,
    /// How long a flood is remembered, its later copies dropped (e.g. 10s, 1500ms)
    #[arg(long, value_name = "DURATION",
          default_value = duration(kv::NodeConfig::default().dedup_window),
          value_parser = parse_duration)]
    pub dedup_window: Duration,
    /// Most answer connections opened to one client address per second (0: no cap)
    #[arg(long, value_name = "N", default_value_t = kv::NodeConfig::default().answer_rate)]
    pub answer_rate: u32,
}

#[derive(Args, Debug, Clone)]
pub struct KvClientArgs {
    /// TCP port to receive answers on (0: the OS picks)
    pub port: u16,
    /// The node to connect to
    #[arg(value_name = "IP:PORT", value_parser = HostPort::parse_with_port)]
    pub node: HostPort,
    /// Address to bind; the connection to the node also leaves from it
    #[arg(short, long, value_parser = parse_bind)]
    pub bind: Option<IpAddr>,
    /// Quiet time that ends the collection of answers (e.g. 4s, 1500ms)
    #[arg(long, default_value = duration(kv::ClientConfig::default().timeout),
          value_parser = parse_duration)]
    pub timeout: Duration,
}

// ---------------------------------------------------------------------------------------------
// chat

#[derive(Subcommand, Debug)]
pub enum ChatCommand {
    /// The directory: who is online and where they listen
    #[command(after_help = "Example:\n  netlab chat server -p 10000")]
    Server(ChatServerArgs),
    /// Register with the directory and chat with other peers directly
    #[command(after_help = "Example:\n  netlab chat peer Ana 127.0.0.1:10000")]
    Peer(ChatPeerArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ChatServerArgs {
    /// TCP port to listen on (0: the OS picks)
    #[arg(short, long, default_value_t = chat::ServerConfig::default().port)]
    pub port: u16,
    /// Address to bind (an IP, or a name such as localhost)
    #[arg(short, long, default_value_t = chat::ServerConfig::default().bind,
          value_parser = parse_bind)]
    pub bind: IpAddr,
    /// Silence after which a user is cut off (e.g. 15s)
    #[arg(long, default_value = duration(chat::ServerConfig::default().expire),
          value_parser = parse_duration)]
    pub expire: Duration,
    /// Answer ADDR as `ADDR name:ip:port` (the later edition of the assignment)
    #[arg(long)]
    pub addr_with_name: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ChatPeerArgs {
    /// Name to register (1 to 32 characters, no `:`, no whitespace)
    #[arg(value_parser = parse_chat_name)]
    pub name: String,
    /// Directory server address (a bare HOST takes the default port) [default: 127.0.0.1:10000]
    #[arg(value_name = "HOST:PORT", value_parser = HostPort::parse)]
    pub server: Option<HostPort>,
    /// The same as the HOST:PORT argument (the older spelling)
    #[arg(short = 's', long = "server", value_name = "HOST:PORT",
          value_parser = HostPort::parse, conflicts_with = "server")]
    pub server_flag: Option<HostPort>,
    /// TCP port to accept conversations on (0: the OS picks)
    #[arg(short, long, default_value_t = chat::PeerConfig::default().listen)]
    pub listen: u16,
    /// Address to bind for conversations
    #[arg(short, long, value_parser = parse_bind)]
    pub bind: Option<IpAddr>,
    /// Interval between keepalives to the server
    #[arg(long, default_value = duration(chat::PeerConfig::default().keepalive),
          value_parser = parse_duration)]
    pub keepalive: Duration,
}

// ---------------------------------------------------------------------------------------------
// mcast

#[derive(Subcommand, Debug)]
pub enum McastCommand {
    /// Send stdin lines to the group as JSON datagrams
    #[command(after_help = "Example:\n  netlab mcast send --user Ana --iface 127.0.0.1")]
    Send(McastSendArgs),
    /// Join the group and print every message
    #[command(after_help = "Example:\n  netlab mcast recv --iface 127.0.0.1")]
    Recv(McastRecvArgs),
}

/// Group, port and interface, shared by send and recv.
#[derive(Args, Debug, Clone)]
pub struct McastGroup {
    /// Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)
    #[arg(short, long, default_value_t = mcast::GroupConfig::default().group,
          value_parser = parse_group)]
    pub group: IpAddr,
    /// UDP port
    #[arg(short, long, default_value_t = mcast::GroupConfig::default().port)]
    pub port: u16,
    /// Interface: IPv4 local address, or IPv6 interface name or index [default: the system's choice]
    #[arg(short, long)]
    pub iface: Option<String>,
    /// Receive our own datagrams on this host (the default)
    #[arg(long = "loop", overrides_with = "no_loop")]
    pub loop_: bool,
    /// Do not receive our own datagrams on this host
    #[arg(long, overrides_with = "loop_")]
    pub no_loop: bool,
    /// The line that ends the chat
    #[arg(long, default_value = mcast::GroupConfig::default().quit_word)]
    pub quit_word: String,
}

/// Parse a multicast group address: an IP literal in 224.0.0.0/4 or ff00::/8.
pub fn parse_group(s: &str) -> Result<IpAddr, String> {
    let ip: IpAddr = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not an IP address (example: 224.3.29.71)"))?;
    if ip.is_multicast() {
        Ok(ip)
    } else {
        Err(format!(
            "{ip} is not a multicast group (IPv4 224.0.0.0/4, IPv6 ff00::/8)"
        ))
    }
}

#[derive(Args, Debug, Clone)]
pub struct McastSendArgs {
    /// Name carried in every message
    #[arg(short, long)]
    pub user: String,
    /// Multicast TTL (hops; 1 stays on the local network)
    #[arg(long, default_value_t = mcast::SendConfig::default().ttl,
          value_parser = clap::value_parser!(u32).range(0..=255))]
    pub ttl: u32,
    #[command(flatten)]
    pub group: McastGroup,
}

#[derive(Args, Debug, Clone)]
pub struct McastRecvArgs {
    #[command(flatten)]
    pub group: McastGroup,
}

// ---------------------------------------------------------------------------------------------
// echo and app

#[derive(Subcommand, Debug)]
pub enum EchoCommand {
    /// Echo every byte back until the client closes; many clients at once
    #[command(after_help = "Example:\n  netlab echo server -p 65432")]
    Server(TutorialServerArgs),
    /// Send messages on one or more connections and check the echo
    #[command(
        after_help = "Example:\n  netlab echo client 127.0.0.1:65432 -c 2 \"Message 1 from client.\" \"Message 2 from client.\""
    )]
    Client(EchoClientArgs),
}

#[derive(Args, Debug, Clone)]
pub struct TutorialServerArgs {
    /// TCP port to listen on (0: the OS picks)
    #[arg(short, long, default_value_t = app::Listen::default().port)]
    pub port: u16,
    /// Address to bind (an IP, or a name such as localhost)
    #[arg(short, long, default_value_t = app::Listen::default().bind,
          value_parser = parse_bind)]
    pub bind: IpAddr,
}

#[derive(Args, Debug, Clone)]
pub struct EchoClientArgs {
    /// Connections to open at once
    #[arg(short = 'c', long, default_value_t = app::EchoClientConfig::default().connections,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub connections: u32,
    /// The server's address, if the first argument is one (an IP, HOST:PORT, localhost or a
    /// dotted name; default 127.0.0.1:65432), then the messages to send on each connection
    /// [default: "Hello, world"]
    #[arg(value_name = "[HOST:PORT] MESSAGE")]
    pub words: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum AppCommand {
    /// Answer JSON-header requests: search a table, or describe a binary request
    #[command(after_help = "Example:\n  netlab app server -p 65432")]
    Server(AppServerArgs),
    /// Send one request and print the response
    #[command(
        override_usage = "netlab app client [OPTIONS] [HOST:PORT] ACTION VALUE",
        after_help = "Example:\n  netlab app client 127.0.0.1:65432 search morpheus"
    )]
    Client(AppClientArgs),
}

#[derive(Args, Debug, Clone)]
pub struct AppServerArgs {
    #[command(flatten)]
    pub listen: TutorialServerArgs,
    /// Searchable entries, in the kv database format [default: the tutorial's built-in set]
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct AppClientArgs {
    /// [HOST:PORT] (default 127.0.0.1:65432), ACTION (`search` sends a JSON request; anything
    /// else sends the binary request ACTION+VALUE), and VALUE (the key to search for, or the
    /// second half of a binary request)
    #[arg(value_name = "ARGS", num_args = 2..=3, required = true)]
    pub words: Vec<String>,
}

impl AppClientArgs {
    /// The server (if given), the action and the value.
    pub fn split(&self) -> Result<(Option<HostPort>, &str, &str), String> {
        match self.words.as_slice() {
            [action, value] => Ok((None, action, value)),
            [server, action, value] => Ok((Some(HostPort::parse(server)?), action, value)),
            _ => Err("expected [HOST:PORT] ACTION VALUE".into()),
        }
    }
}

/// A chat name, checked as the server would (a refused name is a usage error).
fn parse_chat_name(s: &str) -> Result<String, String> {
    crate::chat::wire::check_name(s)
        .map(|()| s.to_string())
        .map_err(|e| e.to_string())
}

impl Cli {
    /// What clap cannot check alone (a value whose meaning depends on how many were given).
    /// A failure is a usage error, exit 2, like clap's own.
    pub fn check(&self) -> Result<(), clap::Error> {
        use clap::CommandFactory;
        if let Command::App(AppCommand::Client(a)) = &self.command {
            a.split().map_err(|why| {
                let mut cmd = Cli::command();
                cmd.build();
                let sub = cmd
                    .find_subcommand_mut("app")
                    .and_then(|c| c.find_subcommand_mut("client"))
                    .map(|c| c.clone().bin_name("netlab app client"));
                let why = format!("invalid value '{}' for '[HOST:PORT]': {why}", a.words[0]);
                match sub {
                    Some(mut c) => c.error(clap::error::ErrorKind::ValueValidation, why),
                    None => cmd.error(clap::error::ErrorKind::ValueValidation, why),
                }
            })?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// demo and generate

#[derive(Args, Debug, Clone)]
pub struct DemoArgs {
    /// Which scenario [default: all of them, in turn]
    #[arg(value_enum)]
    pub scenario: Option<Scenario>,
}

#[derive(Subcommand, Debug)]
pub enum GenerateCommand {
    /// Print the completion script for SHELL on stdout
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write netlab.1 and one page per subcommand into DIR
    Man { dir: PathBuf },
    /// Write netlab.lua, the Wireshark dissectors of every protocol, into DIR
    Wireshark { dir: PathBuf },
}

/// Parse a duration: `2s`, `500ms`, `1.5` (seconds), `1m`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60.0)
    } else {
        (s, 1.0)
    };
    let value: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (examples: 2s, 500ms, 1.5)"))?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!(
            "{s:?} is not a duration (examples: 2s, 500ms, 1.5)"
        ));
    }
    Ok(Duration::from_secs_f64(value * scale))
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
    fn durations() {
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("-1").is_err());
    }
}
