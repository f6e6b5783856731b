//! Shapes shared by the request and response bodies of many routes.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::{RefOr, Schema};

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

/// An integer, as JSON Schema counts them: `3` and `3.0` alike.
pub fn integer<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 => Ok(f as i64),
        _ => Err(serde::de::Error::custom(format!("{n} is not an integer"))),
    }
}

/// As [`integer`], when the field may be left out.
pub fn optional_integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "integer")] i64);
    Option::<Wrapped>::deserialize(d).map(|w| w.map(|Wrapped(i)| i))
}

/// A schema built as JSON (for rules the derive cannot say). utoipa's object
/// schema has no `oneOf` beside its properties: write it as
/// `contract::ONE_OF`, which the contract moves into place.
pub fn schema(value: serde_json::Value) -> RefOr<Schema> {
    serde_json::from_value(value).expect("a valid schema")
}

/// The JSON of a field's schema.
pub fn json_of(schema: impl Into<Schema>) -> serde_json::Value {
    serde_json::to_value(schema.into()).expect("a schema serialises")
}

/// An object that takes exactly one of `fields` (the others left out or
/// `null`).
pub fn exactly_one_of(description: &str, fields: &[(&str, serde_json::Value)]) -> RefOr<Schema> {
    exactly_one_of_besides(description, &[], fields)
}

/// As [`exactly_one_of`], with `required` fields besides.
pub fn exactly_one_of_besides(
    description: &str,
    required: &[(&str, serde_json::Value)],
    fields: &[(&str, serde_json::Value)],
) -> RefOr<Schema> {
    let null = serde_json::json!({"type": "null"});
    let mut properties = serde_json::Map::new();
    for (name, field) in required {
        properties.insert((*name).to_owned(), field.clone());
    }
    let mut branches = Vec::new();
    for (name, field) in fields {
        let mut nullable = field.clone();
        nullable["type"] = serde_json::json!([field["type"].clone(), "null"]);
        properties.insert((*name).to_owned(), nullable);
        let mut branch = serde_json::Map::new();
        for (other, _) in fields {
            branch.insert(
                (*other).to_owned(),
                if other == name {
                    field.clone()
                } else {
                    null.clone()
                },
            );
        }
        branches.push(serde_json::json!({"required": [name], "properties": branch}));
    }
    let required: Vec<&str> = required.iter().map(|(name, _)| *name).collect();
    schema(serde_json::json!({
        "type": "object",
        "description": description,
        "required": required,
        "properties": properties,
        crate::openapi::contract::ONE_OF: branches,
    }))
}

/// A browser's WebAuthn answer, opaque to the document (an object): one that
/// does not have the credential's shape is refused with `refusal`, the code of
/// an answer that fails verification, since that is what it is.
pub fn credential<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    refusal: confab_domain::error::ErrorCode,
) -> Result<T, crate::error::ApiError> {
    serde_json::from_value(value.clone()).map_err(|e| {
        confab_domain::Error::new(refusal, format!("the credential is malformed: {e}")).into()
    })
}

/// An empty string clears a field, like `null` (forms send what the user left).
pub fn empty_is_none(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}
