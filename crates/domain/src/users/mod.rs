//! Users and their profiles.

pub mod do_not_disturb;
mod fields;
mod model;
pub mod repo;

pub use crate::models::PublicUser;
pub use fields::{Bio, DisplayName, Email, Password, StatusText, Username};
pub use model::{CurrentUser, User};
