//! `confab-api`: the REST service. Thin handlers over the domain crate.

pub mod body;
pub mod devices;
pub mod error;
pub mod extract;
pub mod limits;
pub mod openapi;
pub mod read_your_writes;
pub mod routes;
pub mod startup;
