//! One folder per resource, one file per endpoint: the route list is the file list.

pub mod auth;
pub mod blocks;
pub mod conversations;
pub mod friends;
pub mod groups;
pub mod invites;
pub mod media;
pub mod notifications;
pub mod openapi;
pub mod scopes;
pub mod search;
pub mod unmatched;
pub mod users;

use confab_web::probes;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Every route of the API: the server and the OpenAPI document
/// (`crate::openapi::document`) are both built from this one list.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(probes::healthz)
        .service(probes::readyz)
        .service(
            scope("/api/v1")
                .service(openapi::openapi_json)
                .service(auth::signup::signup)
                .service(auth::login::login)
                .service(auth::second_factor::second_factor)
                .service(auth::second_factor_passkey::second_factor_passkey)
                .service(auth::passkey_options::passkey_options)
                .service(auth::passkey_login::passkey_login)
                .service(auth::oidc_nonce::oidc_nonce)
                .service(auth::oidc::oidc)
                .service(auth::refresh::refresh)
                .service(auth::logout::logout)
                .service(auth::options::options)
                .service(auth::verify_email::verify_email)
                .service(auth::forgot_password::forgot_password)
                .service(auth::reset_password::reset_password)
                .service(auth::recover::recover)
                .service(users::get_me::get_me)
                .service(users::patch_me::patch_me)
                .service(users::password::change_password)
                .service(users::delete_me::delete_me)
                .service(users::deletion_code::deletion_code)
                .service(users::export::export)
                .service(users::start_export::start_export)
                .service(users::list_exports::list_exports)
                .service(users::export_archive::export_archive)
                .service(users::link_identity::link_identity)
                .service(users::resend_verification::resend_verification)
                .service(users::recovery_codes::recovery_codes)
                .service(users::new_recovery_codes::new_recovery_codes)
                .service(users::security_events::security_events)
                .service(users::sessions::sessions)
                .service(users::create_token::create_token)
                .service(users::list_tokens::list_tokens)
                .service(users::revoke_token::revoke_token)
                .service(users::revoke_other_sessions::revoke_other_sessions)
                .service(users::revoke_session::revoke_session)
                .service(users::two_factor::two_factor)
                .service(users::totp_setup::totp_setup)
                .service(users::totp_enable::totp_enable)
                .service(users::totp_disable::totp_disable)
                .service(users::passkeys::passkeys)
                .service(users::passkey_registration::passkey_registration)
                .service(users::add_passkey::add_passkey)
                .service(users::rename_passkey::rename_passkey)
                .service(users::remove_passkey::remove_passkey)
                .service(users::search::search)
                .service(users::get_user::get_user)
                .service(friends::list::list)
                .service(friends::send_request::send_request)
                .service(friends::list_requests::list_requests)
                .service(friends::accept::accept)
                .service(friends::decline::decline)
                .service(friends::cancel::cancel)
                .service(friends::remove::remove)
                .service(blocks::list::list)
                .service(blocks::block::block)
                .service(blocks::unblock::unblock)
                .service(conversations::open_dm::open_dm)
                .service(conversations::list::list)
                .service(conversations::get::get)
                .service(conversations::history::history)
                .service(conversations::send_message::send_message)
                .service(conversations::edit_message::edit_message)
                .service(conversations::delete_message::delete_message)
                .service(conversations::read::read)
                .service(conversations::read_markers::read_markers)
                .service(conversations::react::react)
                .service(conversations::unreact::unreact)
                .service(conversations::reacted_by::reacted_by)
                .service(conversations::pins::pins)
                .service(conversations::pin::pin)
                .service(conversations::unpin::unpin)
                .service(search::messages::search_messages)
                .service(groups::create::create)
                .service(groups::search::search)
                .service(groups::get::get)
                .service(groups::update::update)
                .service(groups::delete::delete)
                .service(groups::join::join)
                .service(groups::leave::leave)
                .service(groups::transfer::transfer)
                .service(groups::members::members)
                .service(groups::kick::kick)
                .service(groups::set_role::set_role)
                .service(groups::reset_role::reset_role)
                .service(groups::bans::bans)
                .service(groups::ban::ban)
                .service(groups::unban::unban)
                .service(groups::roles::roles)
                .service(groups::create_role::create_role)
                .service(groups::reorder_roles::reorder_roles)
                .service(groups::update_role::update_role)
                .service(groups::delete_role::delete_role)
                .service(groups::invite::invite)
                .service(groups::invites::invites)
                .service(groups::revoke_invite::revoke_invite)
                .service(invites::list::list)
                .service(invites::accept::accept)
                .service(invites::decline::decline)
                .service(media::session::media_session)
                .service(media::upload::upload)
                .service(media::info::info)
                .service(media::thumbnail::thumbnail)
                .service(media::download::download)
                .service(notifications::list::list)
                .service(notifications::read_all::read_all)
                .service(notifications::read::read),
        );
}
