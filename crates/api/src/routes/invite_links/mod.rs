//! `/invite-links/{code}`: what a link shows, and joining by it.

pub mod join;
pub mod preview;
