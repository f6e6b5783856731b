//! Who may write into a conversation: send, edit, react, pin and type. One rule
//! for REST, the batched sender and the gateway alike:
//! - a member, and
//! - in a DM, still friends with the other person (unfriending and blocking end
//!   it), who has not deleted their account;
//! - in a group, a role that grants `send_messages`, and not timed out.
//!
//! The membership and DM part is the database function `confab_write_check`
//! (migrations), so the batched send applies it inside its one statement; the
//! group part is [`super::authorize`], as for every group action.

use super::permissions::{Action, Standing, authorize};
use super::standing::standing_in_conversation;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::schema::confab_write_check;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// What [`may_write`] refuses with (for the API's document).
pub const REFUSALS: &[ErrorCode] = &[
    ErrorCode::NotFound,
    ErrorCode::NotFriends,
    ErrorCode::RecipientDeleted,
    ErrorCode::MissingPermission,
    ErrorCode::TimedOut,
];

/// What `confab_write_check` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteVerdict {
    Allowed,
    NotMember,
    NotFriends,
    RecipientDeleted,
    /// A group member in a timeout (read-only until it ends).
    TimedOut,
}

impl WriteVerdict {
    /// Every verdict with its code in the database function.
    pub const CODES: [(i16, WriteVerdict); 5] = [
        (0, Self::Allowed),
        (1, Self::NotMember),
        (2, Self::NotFriends),
        (5, Self::RecipientDeleted),
        (7, Self::TimedOut),
    ];

    pub fn from_code(code: i16) -> Option<Self> {
        Self::CODES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, verdict)| *verdict)
    }

    pub fn into_result(self) -> Result<()> {
        match self {
            Self::Allowed => Ok(()),
            Self::NotMember => Err(Error::not_found("conversation")),
            Self::NotFriends => Err(Error::new(
                ErrorCode::NotFriends,
                "direct messages need friendship",
            )),
            Self::RecipientDeleted => Err(Error::new(
                ErrorCode::RecipientDeleted,
                "this person deleted their account; the conversation is read-only",
            )),
            Self::TimedOut => Err(Error::new(
                ErrorCode::TimedOut,
                "you are timed out in this group: you can read, but not write, until it ends",
            )),
        }
    }
}

/// The membership and DM part of the rule alone (the batched sender checks
/// group roles for the whole batch at once).
pub async fn write_verdict(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    me: Uuid,
) -> Result<WriteVerdict> {
    let code: i16 = diesel::select(confab_write_check(conversation, me))
        .get_result(conn)
        .await?;
    WriteVerdict::from_code(code)
        .ok_or_else(|| Error::internal(format!("confab_write_check returned {code}")))
}

/// Whether `me` may write into the conversation; the error says why not.
/// Returns the caller's group standing (None in a DM), for checks on top.
pub async fn may_write(
    conn: &mut AsyncPgConnection,
    conversation: Uuid,
    me: Uuid,
) -> Result<Option<Standing>> {
    write_verdict(conn, conversation, me).await?.into_result()?;
    let standing = standing_in_conversation(conn, conversation, me).await?;
    if let Some(s) = &standing {
        authorize(s, Action::SendMessages)?;
    }
    Ok(standing)
}
