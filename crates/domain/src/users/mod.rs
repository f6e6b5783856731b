//! Users and their profiles.

mod fields;
mod model;
pub mod repo;

pub use crate::models::PublicUser;
pub use fields::{Bio, DisplayName, Email, Password, StatusText, Username};
pub use model::{CurrentUser, User};
