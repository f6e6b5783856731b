//! The OpenAPI document: collected from the routes, then completed into a
//! contract (`contract::complete`).

pub mod contract;
pub mod refusals;
pub mod socket;

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

/// The whole document, as `GET /api/v1/openapi.json` serves it and
/// `confab-api openapi` prints it.
pub fn document() -> serde_json::Value {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .split_for_parts();
    let collected = serde_json::to_value(&doc).expect("the document serialises");
    contract::complete(collected)
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Confab API",
        description = "REST API of Confab, a real-time chat platform. Errors are always `{\"error\": {\"code\", \"message\"}}`; each operation lists the codes it can answer, and `ErrorCode` lists them all. Text may not hold U+0000 (NUL) anywhere, in the path, the query or a body: it is refused with 400 (`invalid_path`, `invalid_query`, `invalid_body`).",
    ),
    modifiers(&BearerAuth),
    // The socket (docs/protocol.md): its frames, and one schema per event type
    // with its data; `socket::components` adds the event frame and close codes.
    components(schemas(
        confab_domain::events::Payload,
        confab_domain::events::socket::ClientOp,
        confab_domain::events::socket::ServerFrame,
        confab_web::envelope::ErrorBody,
    )),
    tags(
        (name = "auth", description = "Sign-up, login, tokens"),
        (name = "users", description = "Accounts and profiles"),
        (name = "bots", description = "Bot accounts for your own code"),
        (name = "webhooks", description = "Incoming webhooks that post into groups; outgoing, signed event deliveries"),
        (name = "friends", description = "Friend requests, friends, blocks"),
        (name = "conversations", description = "DMs, conversations and messages"),
        (name = "threads", description = "Threads of replies under messages"),
        (name = "groups", description = "Groups, members, roles, bans and invitations"),
        (name = "media", description = "Uploads of photos, audio and video, and fetching them"),
        (name = "reports", description = "Reporting messages and users; group report queues; settling reports"),
        (name = "notifications", description = "The notification list"),
        (name = "push", description = "Web Push subscriptions of the browsers you are logged in on"),
        (name = "admin", description = "The site administrators' area: accounts, the site's report queue, the site audit log"),
        (name = "operations", description = "Health, readiness, metrics, this document"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

/// How to authenticate, and the scopes an access token may hold.
fn bearer_description() -> String {
    use confab_domain::auth::access_tokens::{LOGIN_ONLY, Scope};
    let mut text = String::from(
        "A login's access token (`POST /auth/login`, a JWT that lives minutes; refresh it with `POST /auth/refresh`), \
         or a personal access token (`POST /users/me/tokens`, `confab_pat_...`) limited to its scopes. \
         Each operation's security requirement names the one scope a personal access token needs for it; \
         `login` means a login's token only. Scopes:\n",
    );
    for scope in Scope::ALL {
        text.push_str(&format!("\n- `{}`", scope.as_str()));
    }
    text.push_str(&format!(
        "\n- `{LOGIN_ONLY}`: never a personal access token"
    ));
    text
}

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(bearer_description()))
                    .build(),
            ),
        );
    }
}
