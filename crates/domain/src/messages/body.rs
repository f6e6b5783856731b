use crate::error::ErrorCode;
use crate::error::{Error, Result};

/// A message's text: 1–4000 characters (Unicode scalar values), not only
/// whitespace. Kept exactly as sent otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageBody(String);

impl MessageBody {
    pub const MAX: usize = 4000;

    pub fn schema() -> utoipa::openapi::schema::Object {
        crate::text::not_blank_schema(Self::MAX)
    }

    /// The text beside attachments: anything up to `MAX`.
    pub fn caption_schema() -> utoipa::openapi::schema::Object {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .max_length(Some(Self::MAX))
            .build()
    }

    pub fn parse(input: String) -> Result<Self> {
        let len = input.chars().count();
        if input.trim().is_empty() || len > Self::MAX {
            return Err(Error::new(
                ErrorCode::InvalidMessageBody,
                format!(
                    "a message must be 1 to {} characters and not blank",
                    Self::MAX
                ),
            ));
        }
        Ok(Self(input))
    }

    /// The text beside attachments: may be empty, at most 4000 characters.
    pub fn caption(input: String) -> Result<Self> {
        if input.chars().count() > Self::MAX {
            return Err(Error::new(
                ErrorCode::InvalidMessageBody,
                format!("a caption must be at most {} characters", Self::MAX),
            ));
        }
        Ok(Self(input))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A client-chosen idempotency key: 1–64 printable ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nonce(String);

impl crate::text::Described for Nonce {
    fn schema() -> utoipa::openapi::schema::Object {
        Nonce::schema()
    }
}

impl Nonce {
    pub fn schema() -> utoipa::openapi::schema::Object {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[!-~]{1,64}$"))
            .build()
    }

    pub fn parse(input: String) -> Result<Self> {
        if input.is_empty() || input.len() > 64 || !input.chars().all(|c| c.is_ascii_graphic()) {
            return Err(Error::new(
                ErrorCode::InvalidNonce,
                "nonce must be 1 to 64 printable ASCII characters",
            ));
        }
        Ok(Self(input))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_bounded_in_characters_and_not_blank() {
        assert!(MessageBody::parse("hi".into()).is_ok());
        assert!(MessageBody::parse(" \n\t".into()).is_err());
        assert!(MessageBody::parse(String::new()).is_err());
        assert!(MessageBody::parse("é".repeat(4000)).is_ok());
        assert!(MessageBody::parse("é".repeat(4001)).is_err());
    }

    #[test]
    fn nonces_are_short_printable_ascii() {
        assert!(Nonce::parse("abc-123".into()).is_ok());
        assert!(Nonce::parse("has space".into()).is_err());
        assert!(Nonce::parse("x".repeat(65)).is_err());
    }
}

#[cfg(test)]
mod properties {
    use super::{MessageBody, Nonce};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_body_is_taken_exactly_when_not_blank_and_short_enough(input in "\\PC{0,50}|\\s{0,5}") {
            let ok = !input.trim().is_empty() && input.chars().count() <= MessageBody::MAX;
            match MessageBody::parse(input.clone()) {
                Ok(body) => {
                    prop_assert!(ok);
                    prop_assert_eq!(body.into_inner(), input);
                }
                Err(_) => prop_assert!(!ok),
            }
        }

        #[test]
        fn length_is_counted_in_characters_not_bytes(c in "\\PC", extra in 0usize..3) {
            let wide = c.repeat(MessageBody::MAX);
            prop_assume!(!wide.trim().is_empty());
            prop_assert!(MessageBody::parse(wide).is_ok());
            prop_assert!(MessageBody::parse(c.repeat(MessageBody::MAX + 1 + extra)).is_err());
        }

        #[test]
        fn a_nonce_is_one_to_sixty_four_printable_ascii_characters(input in "\\PC{0,70}") {
            let ok = (1..=64).contains(&input.len()) && input.chars().all(|c| c.is_ascii_graphic());
            prop_assert_eq!(Nonce::parse(input).is_ok(), ok);
        }
    }
}
