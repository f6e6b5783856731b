//! Applying the rate limits (confab_domain::limits) in handlers: by client
//! address for calls without an account, by user for the rest.

use crate::error::ApiError;
use crate::extract::client_ip;
use actix_web::HttpRequest;
use confab_domain::Platform;
use confab_domain::limits::{LimitSettings, Rule};
use std::net::{IpAddr, Ipv6Addr};
use uuid::Uuid;

/// Picks a rule out of the settings.
pub type Pick = fn(&LimitSettings) -> Rule;

/// Counts the call against the client address's limit `name`.
pub async fn per_ip(
    platform: &Platform,
    req: &HttpRequest,
    name: &str,
    pick: Pick,
) -> Result<(), ApiError> {
    let limiter = &platform.limiter;
    let ip = client_ip(req, limiter.settings().trust_forwarded_for);
    Ok(limiter
        .hit(name, pick(limiter.settings()), &address_key(&ip))
        .await?)
}

/// The key a client address is limited by. One IPv6 customer usually holds a
/// whole /64 (and can pick any address in it), so IPv6 addresses count by
/// their /64; IPv4 (and IPv4-mapped IPv6) by the address.
pub fn address_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", Ipv6Addr::from(prefix))
        }
        Ok(IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map_or_else(String::new, |v4| v4.to_string()),
        _ => ip.to_owned(),
    }
}

/// Counts the call against the user's limit `name`.
pub async fn per_user(
    platform: &Platform,
    user: Uuid,
    name: &str,
    pick: Pick,
) -> Result<(), ApiError> {
    let limiter = &platform.limiter;
    Ok(limiter
        .hit(name, pick(limiter.settings()), &user.to_string())
        .await?)
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
