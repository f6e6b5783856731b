//! `/users`: profiles and finding people.

use super::{Answer, Client};
use confab_domain::friends::SearchPage;
use confab_domain::users::PublicUser;
use uuid::Uuid;

impl Client<'_> {
    /// `GET /users/search?q=`: people whose name starts with `prefix`.
    pub async fn search_users(&self, prefix: &str) -> Answer<SearchPage> {
        self.get(&format!("/users/search?q={prefix}")).await
    }

    /// One page of a search: at most `limit`, after the name `after`.
    pub async fn search_users_page(
        &self,
        prefix: &str,
        limit: u32,
        after: Option<&str>,
    ) -> Answer<SearchPage> {
        let after = after.map(|a| format!("&after={a}")).unwrap_or_default();
        self.get(&format!("/users/search?q={prefix}&limit={limit}{after}"))
            .await
    }

    /// `GET /users/{id}`.
    pub async fn user(&self, id: Uuid) -> Answer<PublicUser> {
        self.get(&format!("/users/{id}")).await
    }
}
