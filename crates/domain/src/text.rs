//! Free-text fields: one rule per field that both checks the input and
//! describes it in the API's document, so what the schema allows is exactly
//! what the server accepts.
//!
//! A rule counts characters (Unicode scalar values, as JSON Schema's
//! `minLength`/`maxLength` do) of the text as sent, refuses control characters
//! other than line feed, and, when a minimum is set, text that is only
//! whitespace. What is stored is trimmed.

use crate::error::{Error, ErrorCode, Result};
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};

/// Control characters except line feed (C0, DEL, C1).
const CONTROL: &str = "\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f";
/// What `str::trim` removes that is not a control character: Unicode
/// White_Space, spelt out so regex engines agree on it.
const SPACE: &str = " \u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}";

#[derive(Debug, Clone, Copy)]
pub struct TextRule {
    pub min: usize,
    pub max: usize,
}

impl TextRule {
    pub const fn new(min: usize, max: usize) -> Self {
        Self { min, max }
    }

    /// The trimmed text, or `code` saying what `what` must be.
    pub fn parse(&self, input: &str, code: ErrorCode, what: &str) -> Result<String> {
        let (min, max) = (self.min, self.max);
        let len = input.chars().count();
        if len < min || len > max || (min > 0 && input.trim().is_empty()) {
            let blank = if min > 0 { ", not only spaces" } else { "" };
            return Err(Error::new(
                code,
                format!("{what} must be {min} to {max} characters long{blank}"),
            ));
        }
        if input.chars().any(|c| c.is_control() && c != '\n') {
            return Err(Error::new(
                code,
                format!("{what} must not contain control characters"),
            ));
        }
        Ok(input.trim().to_owned())
    }

    /// The same rule as a JSON Schema (a regular expression any engine reads
    /// alike: no classes such as `\s` whose meaning differs between them).
    pub fn schema(&self) -> Object {
        let pattern = if self.min > 0 {
            format!("^[^{CONTROL}]*[^{CONTROL}{SPACE}\\n][^{CONTROL}]*$")
        } else {
            format!("^[^{CONTROL}]*$")
        };
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(self.min))
            .max_length(Some(self.max))
            .pattern(Some(pattern))
            .build()
    }
}

/// A string that is one of `values`: a field stored as text whose values the
/// database's `CHECK` fixes, listed in the document so clients can switch on it.
pub fn one_of(description: &str, values: &[&str]) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .description(Some(description))
        .build()
}

/// A field type that describes itself in the API's document.
pub trait Described {
    fn schema() -> Object;
}

/// `T`'s schema, or `null` (for `#[schema(schema_with = nullable::<T>)]`).
pub fn nullable<T: Described>() -> RefOr<Schema> {
    nullable_schema(T::schema())
}

/// `T`'s schema, `null`, or `""`: a PATCH field that both clear.
pub fn clearable<T: Described>() -> RefOr<Schema> {
    let mut schema = T::schema();
    schema.min_length = None;
    schema.format = None;
    schema.pattern = schema.pattern.map(|p| format!("^$|{p}"));
    nullable_schema(schema)
}

fn nullable_schema(schema: Object) -> RefOr<Schema> {
    let mut schema = schema;
    schema.schema_type = SchemaType::from_iter([Type::String, Type::Null]);
    RefOr::T(Schema::Object(schema))
}

/// The pattern of text that is not blank: a character `str::trim` keeps.
pub fn not_blank_pattern() -> String {
    format!("[^\\t\\n\\x0b\\x0c\\r\\x85{SPACE}]")
}

/// Text that may be anything but blank (a message): at least one character
/// that is not whitespace, at most `max`.
pub fn not_blank_schema(max: usize) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(not_blank_pattern()))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parses(rule: TextRule, input: &str) -> bool {
        rule.parse(input, ErrorCode::InvalidBio, "text").is_ok()
    }

    #[test]
    fn the_rule_counts_characters_as_sent_and_trims_what_it_keeps() {
        let rule = TextRule::new(1, 4);
        assert!(parses(rule, "abcd"));
        assert!(parses(rule, "ééé"));
        assert!(!parses(rule, " abcd"), "5 characters as sent");
        assert!(!parses(rule, "   "));
        assert!(!parses(rule, ""));
        assert!(!parses(rule, "a\u{7}"));
        assert!(parses(rule, "a\nb"));
        assert_eq!(
            rule.parse(" ab ", ErrorCode::InvalidBio, "t").unwrap(),
            "ab"
        );
        assert!(parses(TextRule::new(0, 3), ""));
    }
}
