//! Facts about the client that made a request.

use actix_web::HttpRequest;

/// The client's address: the peer, or, when the peer is a trusted proxy, the right-most address in
/// `X-Forwarded-For` that is not itself a trusted proxy.
pub fn ip(req: &HttpRequest, trusted: &[std::net::IpAddr]) -> Option<std::net::IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()).unwrap_or_default();
    forwarded
        .split(',')
        .rev()
        .filter_map(|s| s.trim().parse::<std::net::IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .or(Some(peer))
}

/// The block a client's address is counted under: an IPv4 address itself, an IPv6 address's /64 (one subscriber's
/// network; its last 64 bits are theirs to change at will). An IPv4 address written as IPv6 counts as IPv4.
pub fn address_block(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The address block of the client that made `req` (see [`address_block`]); empty when unknown.
pub fn block(req: &HttpRequest, trusted: &[std::net::IpAddr]) -> String {
    ip(req, trusted).map(address_block).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::address_block;

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_block_and_a_mapped_ipv4_as_itself() {
        let block = |s: &str| address_block(s.parse().unwrap());
        assert_eq!(block("203.0.113.5"), "203.0.113.5");
        assert_eq!(block("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(block("2001:db8:1:2:ffff:ffff:ffff:ffff"), block("2001:db8:1:2::9"));
        assert_ne!(block("2001:db8:1:3::1"), block("2001:db8:1:2::1"));
        assert_eq!(block("::ffff:203.0.113.5"), "203.0.113.5");
    }
}
