//! `confab-gateway`: the WebSocket service. It authenticates sockets with the
//! same access tokens as the API, reads the event streams from Redis (one reader
//! per partition) and pushes each event to the sockets of its recipients.

pub mod announcer;
pub mod connection;
pub mod flood;
pub mod hub;
pub mod members;
pub mod protocol;
pub mod queue;
pub mod reader;
pub mod resume;
pub mod routes;
pub mod startup;
pub mod typing;
