//! Typed calls of the case, officer and deadline endpoints. Pages call these, never a path.

use super::{ApiError, Session};
use sanxiang_api_types::cases::{
    CaseDetail, CaseList, CaseQuery, CaseStats, Completeness, CreateCase, CreateRecord,
    DeadlineList, DeadlineState, Record, Timeline, TransitionRequest,
};
use sanxiang_api_types::officers::{
    CertificateInfo, CreateCertificate, Officer, OfficerList, UpdateCertificate, UpsertOfficer,
};
use sanxiang_api_types::org::UserList;
use sanxiang_api_types::periods::PeriodRequest;
use serde::Serialize;
use uuid::Uuid;

/// `?a=1&b=x` from the non-null fields of a serializable filter (empty when none is set).
pub fn query_string<Q: Serialize>(query: &Q) -> String {
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(query) else {
        return String::new();
    };
    let pairs: Vec<String> = map
        .into_iter()
        .filter_map(|(k, v)| {
            let text = match v {
                serde_json::Value::Null => return None,
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            Some(format!("{k}={}", encode(&text)))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Percent-encodes a query value or path segment.
pub fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

impl Session {
    /// `GET /cases` with filters and the cursor of the previous page.
    pub async fn list_cases(self, query: &CaseQuery) -> Result<CaseList, ApiError> {
        self.get(&format!("/cases{}", query_string(query))).await
    }

    /// `POST /cases`.
    pub async fn create_case(self, body: &CreateCase) -> Result<CaseDetail, ApiError> {
        self.post("/cases", body).await
    }

    /// `GET /cases/{id}`.
    pub async fn case(self, id: Uuid) -> Result<CaseDetail, ApiError> {
        self.get(&format!("/cases/{id}")).await
    }

    /// `POST /cases/{id}/transitions`.
    pub async fn transition(
        self,
        id: Uuid,
        body: &TransitionRequest,
    ) -> Result<CaseDetail, ApiError> {
        self.post(&format!("/cases/{id}/transitions"), body).await
    }

    /// `POST /cases/{id}/periods`: an extension or a suspension of one of the case's deadlines.
    pub async fn record_period(
        self,
        id: Uuid,
        body: &PeriodRequest,
    ) -> Result<CaseDetail, ApiError> {
        self.post(&format!("/cases/{id}/periods"), body).await
    }

    /// `POST /cases/{id}/records`.
    pub async fn create_record(self, id: Uuid, body: &CreateRecord) -> Result<Record, ApiError> {
        self.post(&format!("/cases/{id}/records"), body).await
    }

    /// `GET /cases/{id}/timeline`.
    pub async fn timeline(self, id: Uuid) -> Result<Timeline, ApiError> {
        self.get(&format!("/cases/{id}/timeline")).await
    }

    /// `GET /cases/{id}/completeness`.
    pub async fn completeness(self, id: Uuid) -> Result<Completeness, ApiError> {
        self.get(&format!("/cases/{id}/completeness")).await
    }

    /// `GET /workbench`: the caller's to-do items, per role.
    pub async fn workbench(self) -> Result<sanxiang_api_types::workbench::Workbench, ApiError> {
        self.get("/workbench").await
    }

    /// `GET /deadlines`, optionally only those in one state.
    pub async fn deadlines(self, status: Option<DeadlineState>) -> Result<DeadlineList, ApiError> {
        let query = sanxiang_api_types::cases::DeadlineQuery { status };
        self.get(&format!("/deadlines{}", query_string(&query)))
            .await
    }

    /// `GET /stats/cases` for the caller's agency.
    pub async fn case_stats(self) -> Result<CaseStats, ApiError> {
        self.get("/stats/cases").await
    }

    /// `GET /supervision/dashboard`: the supervisor's measures for the days `from`–`to`.
    pub async fn supervision_dashboard(
        self,
        query: &sanxiang_api_types::supervision::DashboardQuery,
    ) -> Result<sanxiang_api_types::supervision::SupervisionDashboard, ApiError> {
        self.get(&format!("/supervision/dashboard{}", query_string(query)))
            .await
    }

    /// Downloads `GET /supervision/dashboard.csv`: the saved file's name and size.
    pub async fn supervision_csv(
        self,
        query: &sanxiang_api_types::supervision::DashboardQuery,
    ) -> Result<(String, f64), ApiError> {
        let path = format!("/supervision/dashboard.csv{}", query_string(query));
        self.download(&path, "supervision.csv", |_| {}).await
    }

    /// `GET /officers`.
    pub async fn officers(self) -> Result<OfficerList, ApiError> {
        self.get("/officers").await
    }

    /// `PUT /officers/{user_id}` (admin).
    pub async fn upsert_officer(
        self,
        user_id: Uuid,
        body: &UpsertOfficer,
    ) -> Result<Officer, ApiError> {
        self.put(&format!("/officers/{user_id}"), body).await
    }

    /// `POST /officers/{user_id}/certificates` (admin).
    pub async fn create_certificate(
        self,
        user_id: Uuid,
        body: &CreateCertificate,
    ) -> Result<CertificateInfo, ApiError> {
        self.post(&format!("/officers/{user_id}/certificates"), body)
            .await
    }

    /// `PATCH /certificates/{id}` (admin).
    pub async fn update_certificate(
        self,
        id: Uuid,
        body: &UpdateCertificate,
    ) -> Result<CertificateInfo, ApiError> {
        self.patch(&format!("/certificates/{id}"), body).await
    }

    /// `GET /users` (admin): the agency's users, to pick one as an officer.
    pub async fn users(self) -> Result<UserList, ApiError> {
        self.get("/users").await
    }
}
