//! `/api/v1/users/*`: the caller's own account.

pub mod add_passkey;
pub mod delete_me;
pub mod deletion_code;
pub mod get_me;
pub mod get_user;
pub mod link_identity;
pub mod new_recovery_codes;
pub mod passkey_registration;
pub mod passkeys;
pub mod password;
pub mod patch_me;
pub mod recovery_codes;
pub mod remove_passkey;
pub mod rename_passkey;
pub mod resend_verification;
pub mod revoke_other_sessions;
pub mod revoke_session;
pub mod search;
pub mod security_events;
pub mod sessions;
pub mod totp_disable;
pub mod totp_enable;
pub mod totp_setup;
pub mod two_factor;
