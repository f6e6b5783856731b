//! Group and role fields as types that only hold valid values.

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::text::TextRule;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

/// 1–64 characters.
#[derive(Debug, Clone)]
pub struct GroupName(String);

impl GroupName {
    pub const RULE: TextRule = TextRule::new(1, 64);

    pub fn parse(input: &str) -> Result<Self> {
        Self::RULE
            .parse(input, ErrorCode::InvalidGroupName, "a group name")
            .map(Self)
    }

    pub fn schema() -> Object {
        Self::RULE.schema()
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Up to 1000 characters.
#[derive(Debug, Clone)]
pub struct Description(String);

impl Description {
    pub const RULE: TextRule = TextRule::new(0, 1000);

    pub fn parse(input: &str) -> Result<Self> {
        Self::RULE
            .parse(input, ErrorCode::InvalidDescription, "a description")
            .map(Self)
    }

    pub fn schema() -> Object {
        Self::RULE.schema()
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A public group's address: 3–32 characters of `[A-Za-z0-9_]`, starting with a
/// letter. Kept as typed; unique regardless of case.
#[derive(Debug, Clone)]
pub struct Handle(String);

impl Handle {
    pub fn schema() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^@?[A-Za-z][A-Za-z0-9_]{2,31}$"))
            .build()
    }

    pub fn parse(input: &str) -> Result<Self> {
        let handle = input.strip_prefix('@').unwrap_or(input);
        let len = handle.chars().count();
        let valid = (3..=32).contains(&len)
            && handle.starts_with(|c: char| c.is_ascii_alphabetic())
            && handle
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(Error::new(
                ErrorCode::InvalidHandle,
                "a handle is 3 to 32 letters, digits or '_', starting with a letter",
            ));
        }
        Ok(Self(handle.to_owned()))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Public or private.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// Joined by invitation only.
    Private,
    /// Has a handle, is found by search and joined freely unless banned.
    Public,
}

impl GroupKind {
    pub fn schema() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(["private", "public"]))
            .build()
    }

    pub fn parse(input: &str) -> Result<Self> {
        match input {
            "private" => Ok(Self::Private),
            "public" => Ok(Self::Public),
            _ => Err(Error::new(
                ErrorCode::InvalidGroupKind,
                "kind must be 'private' or 'public'",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Public => "public",
        }
    }
}

/// 1–32 characters.
#[derive(Debug, Clone)]
pub struct RoleName(String);

impl RoleName {
    pub const RULE: TextRule = TextRule::new(1, 32);

    pub fn parse(input: &str) -> Result<Self> {
        Self::RULE
            .parse(input, ErrorCode::InvalidRoleName, "a role name")
            .map(Self)
    }

    pub fn schema() -> Object {
        Self::RULE.schema()
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// `#rrggbb`, stored lower-case.
#[derive(Debug, Clone)]
pub struct Colour(String);

impl Colour {
    pub fn schema() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^#[0-9A-Fa-f]{6}$"))
            .build()
    }

    pub fn parse(input: &str) -> Result<Self> {
        let hex = input.strip_prefix('#').unwrap_or("");
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::new(
                ErrorCode::InvalidColour,
                "a colour is '#' and six hex digits, like '#3b82f6'",
            ));
        }
        Ok(Self(format!("#{}", hex.to_ascii_lowercase())))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A role priority: -1000 to 1000 (the default role starts at 0).
#[derive(Debug, Clone, Copy)]
pub struct Priority(i32);

impl Priority {
    pub const RANGE: std::ops::RangeInclusive<i32> = -1000..=1000;

    pub fn parse(input: i64) -> Result<Self> {
        i32::try_from(input)
            .ok()
            .filter(|p| Self::RANGE.contains(p))
            .map(Self)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidPriority,
                    format!(
                        "priority must be between {} and {}",
                        Self::RANGE.start(),
                        Self::RANGE.end()
                    ),
                )
            })
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

impl crate::text::Described for GroupName {
    fn schema() -> Object {
        Self::schema()
    }
}

impl crate::text::Described for Description {
    fn schema() -> Object {
        Self::schema()
    }
}

impl crate::text::Described for Handle {
    fn schema() -> Object {
        Self::schema()
    }
}

impl crate::text::Described for RoleName {
    fn schema() -> Object {
        Self::schema()
    }
}

impl crate::text::Described for GroupKind {
    fn schema() -> Object {
        Self::schema()
    }
}

impl crate::text::Described for Colour {
    fn schema() -> Object {
        Self::schema()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles() {
        assert_eq!(
            Handle::parse("@Rust_Fans").unwrap().into_inner(),
            "Rust_Fans"
        );
        for bad in ["ab", "1abc", "with space", "dash-ed", &"a".repeat(33)] {
            assert!(Handle::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_and_colours() {
        assert!(GroupName::parse("  ").is_err());
        assert_eq!(
            GroupName::parse(" Book club ").unwrap().into_inner(),
            "Book club"
        );
        assert!(GroupName::parse(&"x".repeat(65)).is_err());
        assert!(Description::parse("").is_ok());
        assert_eq!(Colour::parse("#3B82F6").unwrap().into_inner(), "#3b82f6");
        for bad in ["3b82f6", "#3b82f", "#zzzzzz"] {
            assert!(Colour::parse(bad).is_err(), "{bad}");
        }
        assert!(Priority::parse(1001).is_err());
        assert_eq!(Priority::parse(-5).unwrap().get(), -5);
    }
}
