//! HTTP plumbing shared by `confab-api` and `confab-gateway`, so both answer
//! errors, probes, metrics and request ids the same way.

pub mod client;
pub mod envelope;
pub mod middleware;
pub mod probes;
pub mod systemd;
