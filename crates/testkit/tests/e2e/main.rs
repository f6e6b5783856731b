//! End-to-end tests: the real services over real sockets, one story per test.
//! One test binary (one link step) with a module per area.

mod accounts;
mod conventions;
mod gateway_handshake;
mod openapi;
mod probes;
mod tokens;
