//! What each operation can refuse with, declared beside its handler:
//!
//! ```ignore
//! refusals![..write::REFUSALS, InvalidNonce, NotFriends = "a DM after unfriending", RateLimited];
//! #[utoipa::path(responses((status = CREATED, body = Message), Refusals))]
//! ```
//!
//! `..SET` takes every code of a rule's set (the write rule's, say), so the
//! rule says once what it refuses with. The macro only lists codes; `contract::complete` adds the refusals every
//! operation of its shape can answer (401 when it needs a token, 400 and 415 for
//! a body, 404 for a path id, ...) and writes each response's description and
//! schema from the code table, so the document names exactly the codes.

use confab_domain::error::ErrorCode;
use std::collections::BTreeMap;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::{RefOr, Response};

/// The extension that carries the declared codes to `contract::complete`.
pub const DECLARED: &str = "x-confab-refusals";

/// Declares `Refusals`, this module's refusals, for `#[utoipa::path]`.
macro_rules! refusals {
    ($(..$set:path,)* $($code:ident $(= $note:literal)?),* $(,)?) => {
        /// The refusals of this module's operation (see `openapi::refusals`).
        pub struct Refusals;

        impl utoipa::IntoResponses for Refusals {
            fn responses() -> std::collections::BTreeMap<
                String,
                utoipa::openapi::RefOr<utoipa::openapi::Response>,
            > {
                $crate::openapi::refusals::responses(
                    &[$( (confab_domain::error::ErrorCode::$code, None $(.or(Some($note)))?) ),*],
                    &[$( $set ),*],
                )
            }
        }
    };
}
pub(crate) use refusals;

/// One response per status, each listing its codes (with their notes) for
/// `contract::complete` to write out.
pub fn responses(
    codes: &[(ErrorCode, Option<&str>)],
    sets: &[&[ErrorCode]],
) -> BTreeMap<String, RefOr<Response>> {
    let from_sets = sets
        .iter()
        .flat_map(|set| set.iter().map(|code| (*code, None)));
    let mut by_status: BTreeMap<u16, Vec<serde_json::Value>> = BTreeMap::new();
    for (code, note) in codes.iter().copied().chain(from_sets) {
        by_status
            .entry(code.status())
            .or_default()
            .push(serde_json::json!({ "code": code.as_str(), "note": note }));
    }
    by_status
        .into_iter()
        .map(|(status, listed)| {
            let mut response = Response::new("refused");
            response.extensions = Some(Extensions::from_iter([(
                DECLARED.to_owned(),
                serde_json::Value::Array(listed),
            )]));
            (status.to_string(), RefOr::T(response))
        })
        .collect()
}
