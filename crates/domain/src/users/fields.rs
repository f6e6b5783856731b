//! Profile fields as types that can only hold valid values: parse once at the edge,
//! then pass them around without re-checking.

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::text::TextRule;
use utoipa::openapi::schema::{KnownFormat, Object, ObjectBuilder, SchemaFormat, Type};

/// 3–32 characters of `[a-z0-9_.]`. Usernames are case-insensitive: input is
/// lower-cased, so `Alice` and `alice` are the same name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub const MIN: usize = 3;
    pub const MAX: usize = 32;
    /// Names that mean something else after `@` in a message.
    pub const RESERVED: [&'static str; 2] = ["everyone", "here"];

    /// What the API's document says of a username.
    pub fn schema() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!(
                "^[A-Za-z0-9_.]{{{},{}}}$",
                Self::MIN,
                Self::MAX
            )))
            .build()
    }

    pub fn parse(input: &str) -> Result<Self> {
        // Checked before lower-casing: Unicode folds some letters to ASCII
        // (the Kelvin sign to `k`), which would make look-alike names equal.
        let name = input.to_ascii_lowercase();
        let len = name.chars().count();
        if !(Self::MIN..=Self::MAX).contains(&len) {
            return Err(Error::new(
                ErrorCode::InvalidUsername,
                format!(
                    "username must be {} to {} characters long",
                    Self::MIN,
                    Self::MAX
                ),
            ));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        {
            return Err(Error::new(
                ErrorCode::InvalidUsername,
                "username may contain only letters a-z, digits, '_' and '.'",
            ));
        }
        if Self::RESERVED.contains(&name.as_str()) {
            return Err(Error::new(
                ErrorCode::InvalidUsername,
                format!("'{name}' is reserved"),
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 8–128 characters, any Unicode. Never printed.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN: usize = 8;
    pub const MAX: usize = 128;

    pub fn schema() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(Self::MIN))
            .max_length(Some(Self::MAX))
            .build()
    }

    pub fn parse(input: String) -> Result<Self> {
        let len = input.chars().count();
        if !(Self::MIN..=Self::MAX).contains(&len) {
            return Err(Error::new(
                ErrorCode::InvalidPassword,
                format!(
                    "password must be {} to {} characters long",
                    Self::MIN,
                    Self::MAX
                ),
            ));
        }
        Ok(Self(input))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(**redacted**)")
    }
}

/// An e-mail address SMTP can carry: something@something.tld, at most 254
/// characters. Only a mailed link proves it is the user's (`auth::email`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    /// What the API's document says of an address: `name@domain.tld`, no
    /// spaces. The parser also asks `lettre` (quoted local parts, IP domains
    /// and such are refused).
    pub fn schema() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
            .max_length(Some(Self::MAX))
            .pattern(Some(
                "^[A-Za-z0-9_%+-]{1,64}(\\.[A-Za-z0-9_%+-]{1,64})*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$",
            ))
            .build()
    }

    pub fn parse(input: &str) -> Result<Self> {
        let email = input;
        let valid = email.len() <= Self::MAX
            && is_plain_address(email)
            && email.parse::<lettre::Address>().is_ok();
        if valid {
            Ok(Self(email.to_string()))
        } else {
            Err(Error::new(
                ErrorCode::InvalidEmail,
                "email must look like name@example.org",
            ))
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The address form [`Email::schema`]'s pattern describes, checked by hand: dot
/// atoms of `[A-Za-z0-9_%+-]`, `@`, host labels of letters, digits and inner
/// hyphens, and a top-level name of 2-63 letters.
fn is_plain_address(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let atom = |part: &str| {
        (1..=64).contains(&part.len())
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_%+-".contains(c))
    };
    let label = |part: &str| {
        (1..=63).contains(&part.len())
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !part.starts_with('-')
            && !part.ends_with('-')
    };
    let labels: Vec<&str> = domain.split('.').collect();
    let Some((top, hosts)) = labels.split_last() else {
        return false;
    };
    local.split('.').all(atom)
        && !hosts.is_empty()
        && hosts.iter().all(|h| label(h))
        && (2..=63).contains(&top.len())
        && top.chars().all(|c| c.is_ascii_alphabetic())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const RULE: TextRule = TextRule::new(1, 64);

    pub fn parse(input: &str) -> Result<Self> {
        Self::RULE
            .parse(input, ErrorCode::InvalidDisplayName, "display name")
            .map(|s| Self(s.replace('\n', " ")))
    }

    pub fn schema() -> Object {
        Self::RULE.schema()
    }

    pub fn into_inner(self) -> String {
        self.0
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bio(String);

impl Bio {
    pub const RULE: TextRule = TextRule::new(0, 500);

    pub fn parse(input: &str) -> Result<Self> {
        Self::RULE
            .parse(input, ErrorCode::InvalidBio, "bio")
            .map(Self)
    }

    pub fn schema() -> Object {
        Self::RULE.schema()
    }

    pub fn into_inner(self) -> String {
        self.0
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusText(String);

impl StatusText {
    pub const RULE: TextRule = TextRule::new(0, 128);

    pub fn parse(input: &str) -> Result<Self> {
        Self::RULE
            .parse(input, ErrorCode::InvalidStatusText, "status text")
            .map(|s| Self(s.replace('\n', " ")))
    }

    pub fn schema() -> Object {
        Self::RULE.schema()
    }

    pub fn into_inner(self) -> String {
        self.0
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl crate::text::Described for Username {
    fn schema() -> Object {
        Self::schema()
    }
}

impl crate::text::Described for Password {
    fn schema() -> Object {
        Self::schema()
    }
}

impl crate::text::Described for Email {
    fn schema() -> Object {
        Self::schema()
    }
}

impl crate::text::Described for DisplayName {
    fn schema() -> Object {
        Self::schema()
    }
}

impl crate::text::Described for Bio {
    fn schema() -> Object {
        Self::schema()
    }
}

impl crate::text::Described for StatusText {
    fn schema() -> Object {
        Self::schema()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(err: Error) -> &'static str {
        err.code().as_str()
    }

    #[test]
    fn usernames_are_lowercased_and_checked() {
        assert_eq!(
            Username::parse("Alice_01.x").unwrap().as_str(),
            "alice_01.x"
        );
        for bad in ["ab", "a b c", "émile", "bob!", "", &"x".repeat(33), "a-b"] {
            assert_eq!(
                code(Username::parse(bad).unwrap_err()),
                "invalid_username",
                "{bad}"
            );
        }
        assert!(Username::parse(&"x".repeat(32)).is_ok());
        assert!(Username::parse("abc").is_ok());
    }

    #[test]
    fn passwords_are_length_checked_in_characters() {
        assert!(Password::parse("12345678".into()).is_ok());
        assert!(Password::parse("ééééééé".into()).is_err());
        assert!(Password::parse("éééééééé".into()).is_ok());
        assert!(Password::parse("x".repeat(129)).is_err());
        assert!(Password::parse("x".repeat(128)).is_ok());
        assert_eq!(
            format!("{:?}", Password::parse("secret-pass".into()).unwrap()),
            "Password(**redacted**)"
        );
    }

    #[test]
    fn emails_need_a_local_part_and_a_domain() {
        assert!(Email::parse("a@b.org").is_ok());
        for bad in ["a", "@b.org", "a@b", "a b@c.org"] {
            assert_eq!(code(Email::parse(bad).unwrap_err()), "invalid_email");
        }
    }

    #[test]
    fn free_text_fields_are_bounded() {
        assert!(DisplayName::parse("  ").is_err());
        assert_eq!(
            DisplayName::parse(" Ann ").unwrap().into_inner(),
            "Ann".to_string()
        );
        assert!(DisplayName::parse(&"x".repeat(65)).is_err());
        assert!(Bio::parse("").is_ok());
        assert!(Bio::parse(&"x".repeat(501)).is_err());
        assert!(StatusText::parse("bell\u{7}").is_err());
    }
}

#[cfg(test)]
mod properties {
    use super::Username;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_parsed_username_is_always_a_valid_one(input in "\\PC{0,40}") {
            if let Ok(name) = Username::parse(&input) {
                let s = name.as_str();
                prop_assert!((Username::MIN..=Username::MAX).contains(&s.chars().count()));
                prop_assert!(s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'));
                prop_assert!(!Username::RESERVED.contains(&s));
                prop_assert_eq!(s, input.to_ascii_lowercase());
            }
        }

        #[test]
        fn names_of_the_allowed_characters_parse_case_insensitively(
            input in "[a-zA-Z0-9_.]{3,32}",
        ) {
            prop_assume!(!Username::RESERVED.contains(&input.to_lowercase().as_str()));
            let parsed = Username::parse(&input).expect("valid");
            prop_assert_eq!(parsed.as_str(), input.to_lowercase());
            prop_assert_eq!(Username::parse(parsed.as_str()).expect("again"), parsed);
        }

        #[test]
        fn a_name_with_any_other_character_is_refused(
            head in "[a-z0-9_.]{1,10}",
            other in "[^a-zA-Z0-9_.]",
            tail in "[a-z0-9_.]{1,10}",
        ) {
            // Even characters that lower-case into allowed ones (the Kelvin
            // sign U+212A becomes `k`) are refused: the schema's pattern is
            // ASCII, and a look-alike name is not another name.
            let name = format!("{head}{other}{tail}");
            prop_assert!(Username::parse(&name).is_err());
        }
    }
}
