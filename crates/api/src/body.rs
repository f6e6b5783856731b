//! Shapes shared by the request and response bodies of many routes.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// A list answer: `{"items": [...]}` (an object, so fields can be added later).
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Items<T: ToSchema> {
    pub items: Vec<T>,
}

impl<T: ToSchema> From<Vec<T>> for Items<T> {
    fn from(items: Vec<T>) -> Self {
        Self { items }
    }
}

/// Tells "absent" (`None`) from "null" (`Some(None)`) in a PATCH body.
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// An empty string clears a field, like `null` (forms send what the user left).
pub fn blank_is_none(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}
