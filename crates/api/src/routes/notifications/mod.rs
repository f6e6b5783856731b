//! `/api/v1/notifications/*`.

pub mod list;
pub mod read;
pub mod read_all;
