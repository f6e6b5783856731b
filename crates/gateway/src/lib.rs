//! `confab-gateway`: the WebSocket service. It authenticates sockets with the
//! same access tokens as the API and (in later work) fans events out from Redis.

pub mod connection;
pub mod protocol;
pub mod routes;
pub mod startup;
