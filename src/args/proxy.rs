//! `netlab proxy …` into the proxy's [`Config`] (TARGET resolved, the impairments planned),
//! then the proxy run until Ctrl-C.

use crate::cli::{DiagramArgs, ProxyArgs};
use crate::net::{Env, Result};
use crate::proxy::{self, Config, Impairments};

/// Build the configuration from `args` (resolving TARGET) and run the proxy until Ctrl-C.
pub fn start(args: ProxyArgs, diagram: &DiagramArgs, env: Env) -> Result<()> {
    let target = proxy::resolve_target(args.protocol, &args.target, &env)?;
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
    });
    if args.protocol == proxy::Proto::Mcast {
        let cfg = proxy::mcast::McastConfig {
            from: args.listen,
            to: target,
            iface: args
                .iface
                .unwrap_or_else(|| ProxyArgs::DEFAULT_IFACE.to_string()),
            drop: args.drop.unwrap_or(0.0),
            duplicate: args.duplicate.unwrap_or(0.0),
            reorder: args.reorder.unwrap_or(0.0),
            hold: args.hold.unwrap_or(proxy::DEFAULT_HOLD),
            seed,
        };
        return proxy::mcast::run(cfg, env);
    }
    let imp = Impairments {
        split: args.split,
        gap: args.gap.unwrap_or(proxy::DEFAULT_GAP),
        coalesce: args.coalesce,
        hold: args.hold.unwrap_or(proxy::DEFAULT_HOLD),
        delay: args.delay,
        jitter: args.jitter,
        rate: args.rate,
        close_after: args.close_after,
        reset_after: args.reset_after,
        half_close_after: args.half_close_after,
        corrupt: args.corrupt.clone(),
        only: args.only,
    };
    let (to_server, to_client) = imp.plans();
    let cfg = Config {
        proto: args.protocol,
        listen: args.listen,
        target,
        to_server,
        to_client,
        seed,
        diagram: diagram.diagram,
        diagram_limit: diagram.diagram_limit,
        ascii: diagram.ascii,
        peers: args.peers,
    };
    proxy::run(cfg, env)
}
