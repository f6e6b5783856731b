//! `/reports`, the group and site queues, and `/admin`.

use super::{Answer, Client, with_query};
use confab_domain::admin::{
    AdminGroupPage, AdminUser, AdminUserPage, InstanceStats, SiteAuditPage,
};
use confab_domain::reports::{MyReport, MyReportPage, Report, ReportPage};
use serde_json::{Value, json};
use uuid::Uuid;

impl Client<'_> {
    /// `POST /reports` with `message_id` or `user_id`, `reason`, `details`.
    pub async fn file_report(&self, body: Value) -> Answer<MyReport> {
        self.post("/reports", body).await
    }

    /// `GET /users/me/reports`.
    pub async fn my_reports(&self) -> Answer<MyReportPage> {
        self.get("/users/me/reports").await
    }

    /// `GET /groups/{id}/reports` with `state`, `before`, `limit`.
    pub async fn group_reports(
        &self,
        group: Uuid,
        params: &[(&str, String)],
    ) -> Answer<ReportPage> {
        self.get(&with_query(&format!("/groups/{group}/reports"), params))
            .await
    }

    /// `POST /reports/{id}/resolve` with `state` and `outcome`.
    pub async fn resolve_report(&self, id: Uuid, state: &str, outcome: &str) -> Answer<Report> {
        self.post(
            &format!("/reports/{id}/resolve"),
            json!({ "state": state, "outcome": outcome }),
        )
        .await
    }

    /// `GET /admin/reports` with `state`, `before`, `limit`.
    pub async fn site_reports(&self, params: &[(&str, String)]) -> Answer<ReportPage> {
        self.get(&with_query("/admin/reports", params)).await
    }

    /// `GET /admin/users` with `q`, `disabled`, `before`, `limit`.
    pub async fn admin_users(&self, params: &[(&str, String)]) -> Answer<AdminUserPage> {
        self.get(&with_query("/admin/users", params)).await
    }

    /// `GET /admin/users/{id}`.
    pub async fn admin_user(&self, id: Uuid) -> Answer<AdminUser> {
        self.get(&format!("/admin/users/{id}")).await
    }

    /// `POST /admin/users/{id}/disable` with `reason`.
    pub async fn disable_account(&self, id: Uuid, reason: &str) -> Answer<AdminUser> {
        self.post(
            &format!("/admin/users/{id}/disable"),
            json!({ "reason": reason }),
        )
        .await
    }

    /// `POST /admin/users/{id}/enable` with `reason`.
    pub async fn enable_account(&self, id: Uuid, reason: &str) -> Answer<AdminUser> {
        self.post(
            &format!("/admin/users/{id}/enable"),
            json!({ "reason": reason }),
        )
        .await
    }

    /// `GET /admin/audit-log` with `action`, `target_id`, `before`, `limit`.
    pub async fn site_audit_log(&self, params: &[(&str, String)]) -> Answer<SiteAuditPage> {
        self.get(&with_query("/admin/audit-log", params)).await
    }

    /// `GET /admin/groups` with `q`, `before`, `limit`.
    pub async fn admin_groups(&self, params: &[(&str, String)]) -> Answer<AdminGroupPage> {
        self.get(&with_query("/admin/groups", params)).await
    }

    /// `DELETE /admin/groups/{id}` (the reason rides in `.because(...)`).
    pub async fn admin_delete_group(&self, id: Uuid) -> Answer<()> {
        self.delete(&format!("/admin/groups/{id}")).await
    }

    /// `GET /admin/stats`.
    pub async fn instance_stats(&self) -> Answer<InstanceStats> {
        self.get("/admin/stats").await
    }
}
