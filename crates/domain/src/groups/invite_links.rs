//! Invite links: a member with `invite_members` makes a link that lets whoever
//! holds it join (a private group too) until it expires, is used up or is
//! revoked (by its maker, or a member with `manage_group`). Bans still hold.
//! Someone outside sees only the group's name, photo and member count.
//! Making and revoking a link go to the audit log.

use super::info::{GroupDetails, details, to_group};
use super::members::add_member;
use super::row::{GroupRow, row as group_row};
use super::standing::{lock_group, require_member};
use crate::access::permissions::{Action, authorize};
use crate::audit::{self, AuditAction, Logged};
use crate::error::{Error, ErrorCode, Result};
use crate::pagination::parse_limit;
use crate::schema::{conversation_members, group_invite_links};
use crate::users::PublicUser;
use crate::users::repo as user_repo;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Characters of a link's code: letters and digits (~59 bits over 10).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const CODE_LENGTH: usize = 10;

fn new_code() -> String {
    (0..CODE_LENGTH)
        .map(|_| CODE_ALPHABET[rand::random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// How long a link lasts and how often it may be used.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkTerms {
    /// None: never expires.
    expires_in: Option<Duration>,
    /// None: no limit.
    max_uses: Option<i32>,
}

impl LinkTerms {
    pub const MIN_SECS: i64 = 30 * 60;
    pub const MAX_SECS: i64 = 366 * 24 * 3600;
    pub const MAX_USES: i64 = 10_000;

    pub fn parse(expires_in_secs: Option<i64>, max_uses: Option<i64>) -> Result<Self> {
        let invalid = |message: &'static str| Error::new(ErrorCode::InvalidInviteLink, message);
        let expires_in = match expires_in_secs {
            None => None,
            Some(s) if (Self::MIN_SECS..=Self::MAX_SECS).contains(&s) => Some(Duration::seconds(s)),
            Some(_) => return Err(invalid("a link lasts 30 minutes to a year, or for ever")),
        };
        let max_uses = match max_uses {
            None => None,
            Some(n) if (1..=Self::MAX_USES).contains(&n) => Some(n as i32),
            Some(_) => return Err(invalid("a link is used 1 to 10000 times, or without limit")),
        };
        Ok(Self {
            expires_in,
            max_uses,
        })
    }
}

/// A link as its group's inviters see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InviteLink {
    pub id: Uuid,
    pub group_id: Uuid,
    /// The credential: share `url` (the web app's page for it).
    pub code: String,
    pub url: String,
    pub creator: Option<PublicUser>,
    /// None: no limit.
    pub max_uses: Option<i32>,
    pub uses: i32,
    /// None: never.
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked: bool,
    pub created_at: DateTime<Utc>,
}

/// What someone holding a link sees of the group before joining.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InviteLinkPreview {
    pub code: String,
    pub group_name: String,
    pub group_photo_url: Option<String>,
    pub member_count: i64,
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether the viewer is in the group already.
    pub member: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = group_invite_links)]
struct LinkRow {
    id: Uuid,
    group_id: Uuid,
    code: String,
    creator_id: Option<Uuid>,
    max_uses: Option<i32>,
    uses: i32,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl LinkRow {
    /// Why the link admits nobody any more, if it does not.
    fn refusal(&self, now: DateTime<Utc>) -> Option<Error> {
        if self.revoked_at.is_some() {
            return Some(Error::new(
                ErrorCode::InviteLinkRevoked,
                "this invite link was revoked",
            ));
        }
        if self.expires_at.is_some_and(|at| at <= now) {
            return Some(Error::new(
                ErrorCode::InviteLinkExpired,
                "this invite link expired",
            ));
        }
        if self.max_uses.is_some_and(|max| self.uses >= max) {
            return Some(Error::new(
                ErrorCode::InviteLinkUsedUp,
                "this invite link has been used as often as it may be",
            ));
        }
        None
    }
}

async fn to_links(conn: &mut AsyncPgConnection, rows: Vec<LinkRow>) -> Result<Vec<InviteLink>> {
    let makers: Vec<Uuid> = rows.iter().filter_map(|r| r.creator_id).collect();
    let profiles = user_repo::public_profiles(conn, &makers).await?;
    Ok(rows
        .into_iter()
        .map(|r| InviteLink {
            url: crate::urls::web_page(&format!("invite/{}", r.code)),
            creator: r.creator_id.and_then(|id| profiles.get(&id).cloned()),
            id: r.id,
            group_id: r.group_id,
            code: r.code,
            max_uses: r.max_uses,
            uses: r.uses,
            expires_at: r.expires_at,
            revoked: r.revoked_at.is_some(),
            created_at: r.created_at,
        })
        .collect())
}

fn logged(action: AuditAction, actor: Uuid, link: &LinkRow) -> Logged<'static> {
    Logged {
        action,
        actor,
        target: None,
        details: serde_json::json!({
            "link_id": link.id,
            "max_uses": link.max_uses,
            "expires_at": link.expires_at,
        }),
        reason: None,
    }
}

pub async fn create_link(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group_id: Uuid,
    terms: LinkTerms,
) -> Result<InviteLink> {
    let group = lock_group(conn, group_id).await?;
    let actor = require_member(conn, &group, me).await?;
    authorize(&actor, Action::InviteMembers)?;
    let row: LinkRow = diesel::insert_into(group_invite_links::table)
        .values((
            group_invite_links::id.eq(Uuid::now_v7()),
            group_invite_links::group_id.eq(group.id),
            group_invite_links::code.eq(new_code()),
            group_invite_links::creator_id.eq(me),
            group_invite_links::max_uses.eq(terms.max_uses),
            group_invite_links::expires_at.eq(terms.expires_in.map(|d| Utc::now() + d)),
        ))
        .returning(LinkRow::as_returning())
        .get_result(conn)
        .await?;
    let entry = logged(AuditAction::InviteLinkCreated, me, &row);
    audit::record(conn, group.conversation_id, entry).await?;
    to_links(conn, vec![row])
        .await?
        .pop()
        .ok_or_else(|| Error::internal("link vanished"))
}

/// The group's links that still admit someone, newest first, for members who
/// may invite.
pub async fn links(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group_id: Uuid,
    limit: Option<i64>,
) -> Result<Vec<InviteLink>> {
    let limit = parse_limit(limit)?;
    let group = group_row(conn, group_id).await?;
    let actor = require_member(conn, &group, me).await?;
    authorize(&actor, Action::InviteMembers)?;
    let now = Utc::now();
    let rows: Vec<LinkRow> = group_invite_links::table
        .filter(group_invite_links::group_id.eq(group.id))
        .filter(group_invite_links::revoked_at.is_null())
        .order(group_invite_links::created_at.desc())
        .limit(limit)
        .select(LinkRow::as_select())
        .load(conn)
        .await?
        .into_iter()
        .filter(|r| r.refusal(now).is_none())
        .collect();
    to_links(conn, rows).await
}

/// Revokes a link: its maker may, and members with `manage_group`.
pub async fn revoke_link(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group_id: Uuid,
    link_id: Uuid,
) -> Result<()> {
    let group = lock_group(conn, group_id).await?;
    let actor = require_member(conn, &group, me).await?;
    let row: LinkRow = group_invite_links::table
        .filter(group_invite_links::id.eq(link_id))
        .filter(group_invite_links::group_id.eq(group.id))
        .select(LinkRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(Error::not_found("invite link"))?;
    if row.creator_id != Some(me) {
        authorize(&actor, Action::ManageGroup)?;
    }
    if row.revoked_at.is_some() {
        return Ok(());
    }
    diesel::update(group_invite_links::table.find(row.id))
        .set(group_invite_links::revoked_at.eq(Some(Utc::now())))
        .execute(conn)
        .await?;
    let entry = logged(AuditAction::InviteLinkRevoked, me, &row);
    audit::record(conn, group.conversation_id, entry).await
}

async fn by_code(conn: &mut AsyncPgConnection, code: &str, lock: bool) -> Result<LinkRow> {
    let query = group_invite_links::table
        .filter(group_invite_links::code.eq(code))
        .select(LinkRow::as_select());
    let found = if lock {
        query.for_update().first(conn).await
    } else {
        query.first(conn).await
    };
    found.optional()?.ok_or(Error::not_found("invite link"))
}

/// What a link shows before joining; any signed-in user holding it may look.
pub async fn preview(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    code: &str,
) -> Result<InviteLinkPreview> {
    let link = by_code(conn, code, false).await?;
    if let Some(refused) = link.refusal(Utc::now()) {
        return Err(refused);
    }
    let group: GroupRow = group_row(conn, link.group_id).await?;
    let member: i64 = conversation_members::table
        .filter(conversation_members::conversation_id.eq(group.conversation_id))
        .filter(conversation_members::user_id.eq(me))
        .count()
        .get_result(conn)
        .await?;
    let shown = to_group(conn, group).await?;
    Ok(InviteLinkPreview {
        code: link.code,
        group_name: shown.name,
        group_photo_url: shown.photo_url,
        member_count: shown.member_count,
        expires_at: link.expires_at,
        member: member > 0,
    })
}

/// Joins the group by a link: counts a use (the link's row is locked, so two
/// joins cannot both take its last use), refuses the banned and members.
pub async fn join_by_link(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    code: &str,
) -> Result<GroupDetails> {
    let link = by_code(conn, code, true).await?;
    if let Some(refused) = link.refusal(Utc::now()) {
        return Err(refused);
    }
    let group = lock_group(conn, link.group_id).await?;
    if super::standing::standing(conn, &group, me).await?.is_some() {
        return Err(Error::new(
            ErrorCode::AlreadyMember,
            "you are in this group already",
        ));
    }
    add_member(conn, &group, me, link.creator_id).await?;
    diesel::update(group_invite_links::table.find(link.id))
        .set(group_invite_links::uses.eq(group_invite_links::uses + 1))
        .execute(conn)
        .await?;
    details(conn, group, me).await
}
