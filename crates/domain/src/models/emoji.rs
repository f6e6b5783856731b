//! A group's own emoji, as the API and the `group.emoji_*` events carry them.

use crate::error::{Error, ErrorCode, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An emoji's name: 2 to 32 of `a-z 0-9 _`, written between colons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmojiName(String);

impl EmojiName {
    pub fn parse(input: &str) -> Result<Self> {
        let name = input.trim().trim_matches(':');
        let valid = (2..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Err(Error::new(
                ErrorCode::InvalidEmojiName,
                "an emoji's name is 2 to 32 of a-z, 0-9 and _",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn schema() -> utoipa::openapi::schema::Object {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(":?[a-z0-9_]{2,32}:?"))
            .description(Some(
                "2 to 32 of a-z, 0-9 and _ (colons around it are dropped).",
            ))
            .build()
    }
}

/// One of a group's emoji.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CustomEmoji {
    pub id: Uuid,
    pub group_id: Uuid,
    /// Written `:name:` in messages and reactions.
    pub name: String,
    /// The picture (anyone logged in may fetch it).
    pub url: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// `group.emoji_deleted`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EmojiDeleted {
    pub group_id: Uuid,
    pub id: Uuid,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_lower_case_words() {
        assert_eq!(
            EmojiName::parse(":party_parrot:").unwrap().as_str(),
            "party_parrot"
        );
        assert_eq!(EmojiName::parse("ok").unwrap().as_str(), "ok");
        for bad in ["a", "Party", "with space", "ümlaut", &"x".repeat(33), "::"] {
            assert_eq!(
                EmojiName::parse(bad).unwrap_err().code(),
                "invalid_emoji_name",
                "{bad}"
            );
        }
    }
}
