//! Who is on the other end: the client's address as the limiter and the audit see it.
//!
//! Behind a load balancer every connection comes from the proxy, so the limits per address would
//! lump every member together and the audit would name the proxy. `X-Forwarded-For` says who the
//! proxy served, but anyone can send that header: it is believed only when the connection comes
//! from a proxy the operator listed (`--trusted-proxy`), and then only as far back as the chain
//! of trusted proxies goes (the rightmost address that is not a trusted proxy is the client).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use crate::state::AppState;

/// The client's address, worked out once per request by [`resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// Parses the operator's list of trusted proxies: addresses or networks, comma separated
/// (`10.0.0.0/8, 192.0.2.7`). The error names the entry that is neither.
pub fn parse_trusted(list: &str) -> Result<Vec<IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("--trusted-proxy: expected an IP address or network such as 10.0.0.0/8, found {s:?}")
                })
        })
        .collect()
}

/// The client of a request that arrived from `peer` with these `X-Forwarded-For` values.
pub fn client_of(peer: IpAddr, forwarded: &[&str], trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |a: &IpAddr| trusted.iter().any(|n| n.contains(a));
    if !is_trusted(&peer) {
        return peer;
    }
    // Each proxy appends the address it received from; read from the right, past the trusted
    // ones. A value that is not an address ends the walk: nothing before it can be believed.
    let mut client = peer;
    for hop in forwarded
        .iter()
        .rev()
        .flat_map(|v| v.rsplit(','))
        .map(str::trim)
    {
        match hop.parse::<IpAddr>() {
            Ok(a) => {
                client = a;
                if !is_trusted(&a) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// Middleware: puts the request's [`ClientAddr`] among its extensions.
pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let forwarded: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let client = client_of(peer.ip(), &forwarded, &state.config.trusted_proxies);
        req.extensions_mut().insert(ClientAddr(client));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_is_ignored_from_anyone_not_trusted() {
        let trusted = parse_trusted("10.0.0.0/8").unwrap();
        assert_eq!(
            client_of(ip("198.51.100.9"), &["203.0.113.5"], &trusted),
            ip("198.51.100.9")
        );
        assert_eq!(
            client_of(ip("10.0.0.2"), &["203.0.113.5"], &[]),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn a_trusted_proxy_is_believed_back_to_the_first_untrusted_hop() {
        let trusted = parse_trusted("10.0.0.0/8, 192.0.2.7").unwrap();
        // The client forged a first hop; the proxies appended what they saw.
        let chain = ["1.2.3.4, 203.0.113.5", "192.0.2.7"];
        assert_eq!(
            client_of(ip("10.0.0.2"), &chain, &trusted),
            ip("203.0.113.5")
        );
    }

    #[test]
    fn garbage_in_the_header_stops_the_walk() {
        let trusted = parse_trusted("10.0.0.0/8").unwrap();
        assert_eq!(
            client_of(ip("10.0.0.2"), &["203.0.113.5, unknown"], &trusted),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn a_bad_entry_is_named() {
        let e = parse_trusted("10.0.0.0/8, proxy.local").unwrap_err();
        assert!(e.contains("proxy.local"), "{e}");
    }
}
