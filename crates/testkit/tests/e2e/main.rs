//! End-to-end tests: the real services over real sockets, one story per test.
//! One test binary (one link step) with a module per area.

mod access_tokens;
mod account_security;
mod accounts;
mod bots;
mod conventions;
mod direct_messages;
mod drafts;
mod edit_history;
mod forwarding;
mod friends;
mod gateway_delivery;
mod gateway_handshake;
mod group_live;
mod group_permissions;
mod groups;
mod media;
mod mentions;
mod nginx;
mod notifications;
mod oidc;
mod openapi;
mod outbox;
mod pins;
mod presence;
mod probes;
mod rate_limits;
mod raw_sql;
mod reactions;
mod schema;
mod search;
mod security;
mod send_codes;
mod systemd;
mod tokens;
mod webhooks;
