//! Every error code the services answer with: its string, its HTTP status and
//! what it means. The OpenAPI document's error descriptions are generated from
//! this table, so a code cannot be documented one way and answered another.

use serde::Serialize;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = ($status:literal, $code:literal, $meaning:literal), )*) => {
        /// A stable, snake_case code that clients can match on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in the order of this table.
            pub const ALL: &'static [ErrorCode] = &[$( Self::$variant, )*];

            /// The code as clients see it.
            pub const fn as_str(self) -> &'static str {
                match self { $( Self::$variant => $code, )* }
            }

            /// The HTTP status the REST API answers it with.
            pub const fn status(self) -> u16 {
                match self { $( Self::$variant => $status, )* }
            }

            /// What it means, for the API's reference.
            pub const fn meaning(self) -> &'static str {
                match self { $( Self::$variant => $meaning, )* }
            }
        }
    };
}

error_codes! {
    // ---- 400: the request is malformed ---------------------------------------
    InvalidBody = (400, "invalid_body", "The body does not fit the operation's schema."),
    MalformedJson = (400, "malformed_json", "The body is not valid JSON."),
    InvalidReason = (400, "invalid_reason", "The audit log reason is empty, longer than 512 characters or holds control characters."),
    InvalidTimeout = (400, "invalid_timeout", "A timeout lasts 1 minute to 28 days."),
    InvalidInviteLink = (400, "invalid_invite_link", "An invite link lasts 30 minutes to a year (or for ever) and is used 1 to 10000 times (or without limit)."),
    InvalidSlowmode = (400, "invalid_slowmode", "Slow mode is 0 (off) to 21600 seconds (6 hours)."),
    InvalidReport = (400, "invalid_report", "A report names a message or a user (not both), a reason from the list, and at most 1000 characters of details."),
    InvalidEmojiName = (400, "invalid_emoji_name", "An emoji's name is 2 to 32 of a-z, 0-9 and _."),
    InvalidResolution = (400, "invalid_resolution", "A report is settled as `actioned` or `dismissed`, with at most 1000 characters of outcome."),
    InvalidQuery = (400, "invalid_query", "A query parameter is missing or malformed."),
    InvalidMultipart = (400, "invalid_multipart", "The multipart body could not be read."),
    MissingFile = (400, "missing_file", "The multipart body has no field named `file`."),
    BadRequest = (400, "bad_request", "The request could not be read (headers, encoding)."),
    InvalidPath = (400, "invalid_path", "The path holds a NUL or non-UTF-8 byte."),
    InvalidUsername = (400, "invalid_username", "The username breaks the rules: 3-32 characters of a-z, 0-9, `_` and `.`, not reserved."),
    InvalidPassword = (400, "invalid_password", "The password breaks the rules: 8-128 characters."),
    InvalidEmail = (400, "invalid_email", "The email address is malformed."),
    EmailRequired = (400, "email_required", "This server needs an email address to sign up."),
    InvalidDisplayName = (400, "invalid_display_name", "The display name is empty, too long or holds control characters."),
    InvalidBio = (400, "invalid_bio", "The bio is too long or holds control characters."),
    InvalidStatusText = (400, "invalid_status_text", "The status text is too long or holds control characters."),
    InvalidLimit = (400, "invalid_limit", "`limit` is out of range."),
    InvalidMessageBody = (400, "invalid_message_body", "The message text is empty or too long."),
    InvalidNonce = (400, "invalid_nonce", "The nonce is malformed."),
    InvalidAttachments = (400, "invalid_attachments", "There are more attachments than a message may have."),
    InvalidEmoji = (400, "invalid_emoji", "The reaction is not a single emoji."),
    TooManyReactions = (400, "too_many_reactions", "The message has as many distinct reactions as allowed."),
    TooManyPins = (400, "too_many_pins", "The conversation has as many pins as allowed."),
    InvalidMute = (400, "invalid_mute", "A mute's end is in the past, more than a year away, or given without muting."),
    InvalidQuietHours = (400, "invalid_quiet_hours", "Quiet hours need a start and an end (`HH:MM`, not equal) and an IANA time zone."),
    InvalidGroupKind = (400, "invalid_group_kind", "The group kind is neither `private` nor `public`."),
    InvalidGroupName = (400, "invalid_group_name", "The group name is empty, too long or holds control characters."),
    InvalidDescription = (400, "invalid_description", "The group description is too long or holds control characters."),
    InvalidRoleName = (400, "invalid_role_name", "The role name is empty, too long or holds control characters."),
    InvalidHandle = (400, "invalid_handle", "The group handle breaks the rules."),
    InvalidColour = (400, "invalid_colour", "The colour is not `#rrggbb`."),
    InvalidPermission = (400, "invalid_permission", "A permission name is unknown."),
    InvalidPriority = (400, "invalid_priority", "The role order is not a permutation of the roles you may move."),
    InvalidCeremony = (400, "invalid_ceremony", "The passkey prompt expired, was answered already, or belongs to another account."),
    InvalidPasskeyName = (400, "invalid_passkey_name", "The passkey's name is empty or too long."),
    InvalidFrame = (400, "invalid_frame", "On the socket: the frame is not a JSON object with a known `op` and its fields."),
    BinaryNotSupported = (400, "binary_not_supported", "On the socket: frames are JSON text, not binary."),
    AlreadyIdentified = (400, "already_identified", "On the socket: `identify` came a second time."),
    InvalidTokenName = (400, "invalid_token_name", "The token's name is empty or longer than 64 characters."),
    InvalidScopes = (400, "invalid_scopes", "A token needs at least one scope."),
    InvalidWebhookUrl = (400, "invalid_webhook_url", "The URL is not an absolute http(s) URL without credentials, of at most 2048 characters."),
    InvalidPushSubscription = (400, "invalid_push_subscription", "The push subscription's keys are not a P-256 public key (65 bytes) and a 16-byte secret, base64url."),
    ForbiddenDestination = (400, "forbidden_destination", "The URL's host is, or resolves to, an address that is not public (loopback, private, link-local, ...)."),
    InvalidEventTypes = (400, "invalid_event_types", "The event types are empty, unknown, or not events of a group (for a group's subscription)."),
    InvalidExpiry = (400, "invalid_expiry", "A token lives 1 to 366 days, or has no expiry."),
    // ---- 401: no valid credentials -------------------------------------------
    MissingToken = (401, "missing_token", "The request carries no bearer token."),
    InvalidToken = (401, "invalid_token", "The bearer token is malformed or not signed by this server."),
    TokenExpired = (401, "token_expired", "The access token expired: refresh it."),
    SessionRevoked = (401, "session_revoked", "The login was ended (logout, password change, revocation): log in again."),
    AccountDeleted = (401, "account_deleted", "The account was deleted."),
    InvalidCredentials = (401, "invalid_credentials", "The username or password is wrong."),
    InvalidRefreshToken = (401, "invalid_refresh_token", "The refresh token is unknown or expired."),
    RefreshTokenReused = (401, "refresh_token_reused", "A refresh token was used twice: the login is ended for safety."),
    InvalidChallenge = (401, "invalid_challenge", "The second-factor challenge expired or is finished: log in again."),
    InvalidSecondFactor = (401, "invalid_second_factor", "The one-time code is wrong, expired or used."),
    InvalidRecoveryCode = (401, "invalid_recovery_code", "The recovery code is wrong or used."),
    InvalidPasskey = (401, "invalid_passkey", "The passkey's answer could not be verified."),
    InvalidIdToken = (401, "invalid_id_token", "The identity provider's ID token is invalid, expired or replayed."),
    // ---- 403: authenticated, but not allowed ---------------------------------
    WrongPassword = (403, "wrong_password", "The current password given to confirm the change is wrong."),
    WrongCode = (403, "wrong_code", "The code given to confirm the change is wrong, expired or used."),
    WrongIdentity = (403, "wrong_identity", "The sign-in given to confirm the change is invalid or not of an identity linked to this account."),
    InsufficientScope = (403, "insufficient_scope", "The access token lacks the scope this needs, or this needs a login (account security is never a token's)."),
    BotsCannotOwnBots = (403, "bots_cannot_own_bots", "A bot cannot make bots."),
    MissingPermission = (403, "missing_permission", "Your roles in the group lack the permission this needs."),
    InsufficientRank = (403, "insufficient_rank", "The target's highest role is not below yours."),
    OwnerOnly = (403, "owner_only", "Only the group's owner may do this."),
    NotAuthor = (403, "not_author", "Only the message's author may do this."),
    NotFriends = (403, "not_friends", "You are not friends (or one of you blocked the other)."),
    Blocked = (403, "blocked", "One of you blocked the other."),
    Banned = (403, "banned", "You are banned from the group."),
    InviteRevoked = (403, "invite_revoked", "The invitation was withdrawn."),
    RecipientDeleted = (403, "recipient_deleted", "The other person deleted their account: the conversation is read-only."),
    EmailDisabled = (403, "email_disabled", "This server sends no mail."),
    EmailNotVerified = (403, "email_not_verified", "Confirm your email address first."),
    OidcDisabled = (403, "oidc_disabled", "Sign-in with an identity provider is not configured."),
    PushDisabled = (403, "push_disabled", "Web Push is not configured on this server (no VAPID key)."),
    CannotBefriendSelf = (403, "cannot_befriend_self", "You cannot send a friend request to yourself."),
    CannotBlockSelf = (403, "cannot_block_self", "You cannot block yourself."),
    InvalidAttestation = (403, "invalid_attestation", "The authenticator's answer to a passkey registration could not be verified."),
    InvalidPicture = (403, "invalid_picture", "The picture is not an image upload of yours."),
    NotYourUpload = (403, "not_your_upload", "An upload named is not one of yours, or does not exist."),
    PasskeysDisabled = (403, "passkeys_disabled", "Passkeys are not available on this server."),
    TimedOut = (403, "timed_out", "You are timed out in this group: you can read, but not write, until it ends."),
    AccountDisabled = (403, "account_disabled", "A site administrator disabled this account: it cannot log in."),
    AdminOnly = (403, "admin_only", "Only the site's administrators may do this."),
    CannotReportSelf = (403, "cannot_report_self", "You cannot report yourself or your own message."),
    // ---- 404, 405 ------------------------------------------------------------
    InvalidLink = (404, "invalid_link", "No link has this token: it was mistyped, or not issued by this server."),
    InvalidReplyTo = (404, "invalid_reply_to", "The message replied to is not in this conversation (or was deleted)."),
    InvalidThread = (404, "invalid_thread", "The thread's root is not a message of this conversation's main timeline, or was deleted."),
    NotFound = (404, "not_found", "The resource does not exist or is not visible to you."),
    RouteNotFound = (404, "route_not_found", "No operation has this path."),
    MethodNotAllowed = (405, "method_not_allowed", "The path exists, but not with this method; see `Allow`."),
    // ---- 409: clashes with the current state ---------------------------------
    HandleRequired = (409, "handle_required", "A public group needs a handle."),
    HandleNotAllowed = (409, "handle_not_allowed", "Only public groups have a handle."),
    NotPinnable = (409, "not_pinnable", "System messages cannot be pinned."),
    UsernameTaken = (409, "username_taken", "The username is taken."),
    EmailTaken = (409, "email_taken", "Another account has proven this email address."),
    IdentityTaken = (409, "identity_taken", "The identity is linked to another account."),
    HandleTaken = (409, "handle_taken", "The group handle is taken."),
    AlreadyFriends = (409, "already_friends", "You are friends already."),
    RequestExists = (409, "request_exists", "A friend request between you is pending already."),
    AlreadyMember = (409, "already_member", "The user is a member already."),
    NotAMember = (409, "not_a_member", "The user named in the body is not a member of the group."),
    InviteExists = (409, "invite_exists", "The user has a pending invitation already."),
    OwnerCannotLeave = (409, "owner_cannot_leave", "The owner must hand the group over before leaving."),
    DefaultRole = (409, "default_role", "The default role cannot be deleted."),
    NoEmail = (409, "no_email", "The account has no email address."),
    NoVerifiedEmail = (409, "no_verified_email", "The account has no confirmed email address."),
    EmailAlreadyVerified = (409, "email_already_verified", "The email address is confirmed already."),
    TotpAlreadyEnabled = (409, "totp_already_enabled", "Authenticator-app codes are on already."),
    TotpNotSetUp = (409, "totp_not_set_up", "Start the authenticator-app setup first."),
    TotpNotEnabled = (409, "totp_not_enabled", "Authenticator-app codes are off."),
    PasskeyExists = (409, "passkey_exists", "This passkey is registered already."),
    TooManyPasskeys = (409, "too_many_passkeys", "The account has as many passkeys as allowed."),
    NoPasskeys = (409, "no_passkeys", "The account has no passkeys."),
    NotReady = (409, "not_ready", "The resource is still being prepared (an upload being processed, an export being built): try again shortly."),
    TooManyBots = (409, "too_many_bots", "The person has as many bots as allowed: delete one first."),
    TooManyWebhooks = (409, "too_many_webhooks", "The group or user has as many webhooks as allowed: delete one first."),
    TooManyTokens = (409, "too_many_tokens", "The account holds as many live access tokens as allowed: revoke one first."),
    ExportInProgress = (409, "export_in_progress", "An export of your data is being built already."),
    TooManyEmoji = (409, "too_many_emoji", "The group has as many emoji as allowed (50): delete one first."),
    EmojiNameTaken = (409, "emoji_name_taken", "The group has an emoji by this name."),
    AlreadyReported = (409, "already_reported", "You reported this already; your report is still open."),
    ReportSettled = (409, "report_settled", "The report was settled already."),
    CannotDisableSelf = (409, "cannot_disable_self", "Administrators cannot disable their own account."),
    // ---- 410: spent or expired -----------------------------------------------
    InviteLinkExpired = (410, "invite_link_expired", "The invite link expired: ask for a new one."),
    InviteLinkRevoked = (410, "invite_link_revoked", "The invite link was revoked."),
    InviteLinkUsedUp = (410, "invite_link_used_up", "The invite link was used as often as it may be."),
    LinkUsed = (410, "link_used", "The link was used already."),
    LinkExpired = (410, "link_expired", "The link expired: ask for a new one."),
    LinkStale = (410, "link_stale", "The account's email changed since the link was sent."),
    // ---- 413, 415 ------------------------------------------------------------
    PayloadTooLarge = (413, "payload_too_large", "The body is larger than this operation accepts."),
    FileTooLarge = (413, "file_too_large", "The file is larger than its kind allows."),
    EmojiTooLarge = (413, "emoji_too_large", "An emoji's picture is at most 256 KiB."),
    UnsupportedMediaType = (415, "unsupported_media_type", "The body's or file's content type is not accepted here."),
    // ---- 429, 5xx ------------------------------------------------------------
    Slowmode = (429, "slowmode", "The group's slow mode: wait `retry_after` seconds between your messages."),
    RateLimited = (429, "rate_limited", "Too many requests: wait for `Retry-After` seconds."),
    InternalError = (500, "internal_error", "Something went wrong on the server; it is logged."),
    ServiceUnavailable = (503, "service_unavailable", "A backing service (database, Redis) is unavailable: try again shortly."),
    Busy = (503, "busy", "The server is busy with this kind of work: try again after `Retry-After`."),
}

impl ErrorCode {
    /// The codes answered with `status`, in table order.
    pub fn with_status(status: u16) -> impl Iterator<Item = ErrorCode> {
        Self::ALL
            .iter()
            .copied()
            .filter(move |c| c.status() == status)
    }
}

impl ErrorCode {
    /// The code of an error answer made outside the handlers (by the framework),
    /// known only by its status.
    pub fn for_status(status: u16) -> ErrorCode {
        match status {
            400 => Self::BadRequest,
            404 => Self::RouteNotFound,
            405 => Self::MethodNotAllowed,
            413 => Self::PayloadTooLarge,
            415 => Self::UnsupportedMediaType,
            429 => Self::RateLimited,
            503 => Self::ServiceUnavailable,
            _ => Self::InternalError,
        }
    }
}

/// The document's `ErrorCode`: every code, with its status and meaning.
impl utoipa::PartialSchema for ErrorCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let mut description = String::from("Every error code, with its status:\n");
        for code in Self::ALL {
            description.push_str(&format!(
                "\n- `{code}` ({}): {}",
                code.status(),
                code.meaning()
            ));
        }
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(Self::ALL.iter().map(|c| c.as_str())))
            .description(Some(description))
            .into()
    }
}

impl utoipa::ToSchema for ErrorCode {}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_and_described() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} is listed twice");
            assert!(
                s.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{s} is not snake_case"
            );
            assert!((400..600).contains(&code.status()), "{s}");
            assert!(code.meaning().ends_with('.'), "{s}: a sentence");
        }
    }
}
