//! The holes a security review found (issue 26), each written as the attack.

mod bad_input;
mod gateway_caps;
mod invitations;
mod logs;
mod passwords;
mod revocation;
mod small_holes;
mod stale_redis;
mod write_rule;
