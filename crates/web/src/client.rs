//! Who is calling, by address: what per-address limits and caps count by,
//! the same in both services.

use actix_web::HttpRequest;
use std::net::{IpAddr, Ipv6Addr};

/// The client's address: the peer, or (only when `trust_forwarded_for`, behind
/// a proxy that sets it) the first address of `X-Forwarded-For`.
pub fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    let forwarded = || {
        req.headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|ip| ip.trim().to_owned())
            .filter(|ip| !ip.is_empty())
    };
    trust_forwarded_for
        .then(forwarded)
        .flatten()
        .or_else(|| req.peer_addr().map(|a| a.ip().to_string()))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The key a client address is limited by. One IPv6 customer usually holds a
/// whole /64 (and can pick any address in it), so IPv6 addresses count by
/// their /64; IPv4 (and IPv4-mapped IPv6) by the address.
pub fn address_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                format!("{}/64", Ipv6Addr::from(prefix))
            }
        },
        _ => ip.to_owned(),
    }
}

/// [`address_key`] of [`client_ip`].
pub fn client_key(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    address_key(&client_ip(req, trust_forwarded_for))
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn ipv6_addresses_of_one_64_share_a_key_and_ipv4_stays_whole() {
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            address_key("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            "2001:db8:1:2::/64"
        );
        assert_ne!(address_key("2001:db8:1:3::1"), "2001:db8:1:2::/64");
        assert_eq!(address_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(address_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(address_key("unknown"), "unknown");
    }
}
