//! Typed calls of the registers (staff: versions, review, withdrawal; annual report draft and
//! publication) and of the public pages (registers, certificate check, annual reports).

use super::endpoints::{encode, query_string};
use super::{decode, send_url, ApiError, Session, PUBLIC_API_BASE};
use gloo_net::http::Method;
use sanxiang_api_types::registers::{
    AnnualReportDraft, CertificateCheck, PublicAnnualReports, PublicPageQuery, PublicRegisterPage,
    PublishedAnnualReport, RegisterEntryList, RegisterEntryView, RegisterType, RegisterVersionView,
    ReviewRegisterVersion, SaveRegisterDraft, WithdrawRegisterEntry,
};
use uuid::Uuid;

async fn public_get<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let resp = send_url(Method::GET, &format!("{PUBLIC_API_BASE}{path}"), None, None).await?;
    decode(resp).await
}

/// `GET /api/public/v1/registers/{type}`: a page of entries in force.
pub async fn public_register(
    t: RegisterType,
    q: &PublicPageQuery,
) -> Result<PublicRegisterPage, ApiError> {
    public_get(&format!("/registers/{}{}", t.as_str(), query_string(q))).await
}

/// `GET /api/public/v1/certificates/{number}`.
pub async fn check_certificate(number: &str) -> Result<CertificateCheck, ApiError> {
    public_get(&format!("/certificates/{}", encode(number.trim()))).await
}

/// The QR code image of a certificate's public page.
pub fn certificate_qr_url(number: &str) -> String {
    format!(
        "{PUBLIC_API_BASE}/certificates/{}/qr.svg",
        encode(number.trim())
    )
}

/// `GET /api/public/v1/reports/annual/{year}`.
pub async fn public_annual_reports(year: i32) -> Result<PublicAnnualReports, ApiError> {
    public_get(&format!("/reports/annual/{year}")).await
}

impl Session {
    /// `GET /registers/{type}`.
    pub async fn register_entries(self, t: RegisterType) -> Result<RegisterEntryList, ApiError> {
        self.get(&format!("/registers/{}", t.as_str())).await
    }

    /// `GET /registers/{type}/{id}`.
    pub async fn register_entry(
        self,
        t: RegisterType,
        id: Uuid,
    ) -> Result<RegisterEntryView, ApiError> {
        self.get(&format!("/registers/{}/{id}", t.as_str())).await
    }

    /// `POST /registers/{type}`: a new entry (version 1, draft).
    pub async fn create_register_entry(
        self,
        t: RegisterType,
        body: &SaveRegisterDraft,
    ) -> Result<RegisterVersionView, ApiError> {
        self.post(&format!("/registers/{}", t.as_str()), body).await
    }

    /// `PUT /registers/{type}/{id}/draft`: an edit (a new version after a published one).
    pub async fn save_register_draft(
        self,
        t: RegisterType,
        id: Uuid,
        body: &SaveRegisterDraft,
    ) -> Result<RegisterVersionView, ApiError> {
        self.put(&format!("/registers/{}/{id}/draft", t.as_str()), body)
            .await
    }

    /// `POST /registers/{type}/{id}/versions/{v}/submit`.
    pub async fn submit_register_version(
        self,
        t: RegisterType,
        id: Uuid,
        version: i32,
    ) -> Result<RegisterVersionView, ApiError> {
        self.post(
            &format!("/registers/{}/{id}/versions/{version}/submit", t.as_str()),
            &serde_json::json!({}),
        )
        .await
    }

    /// `POST /registers/{type}/{id}/versions/{v}/review`.
    pub async fn review_register_version(
        self,
        t: RegisterType,
        id: Uuid,
        version: i32,
        body: &ReviewRegisterVersion,
    ) -> Result<RegisterVersionView, ApiError> {
        self.post(
            &format!("/registers/{}/{id}/versions/{version}/review", t.as_str()),
            body,
        )
        .await
    }

    /// `POST /registers/{type}/{id}/withdraw`.
    pub async fn withdraw_register_entry(
        self,
        t: RegisterType,
        id: Uuid,
        body: &WithdrawRegisterEntry,
    ) -> Result<RegisterVersionView, ApiError> {
        self.post(&format!("/registers/{}/{id}/withdraw", t.as_str()), body)
            .await
    }

    /// `GET /reports/annual/{year}`: the draft and what was published.
    pub async fn annual_report(self, year: i32) -> Result<AnnualReportDraft, ApiError> {
        self.get(&format!("/reports/annual/{year}")).await
    }

    /// `POST /reports/annual/{year}/publish`.
    pub async fn publish_annual_report(self, year: i32) -> Result<PublishedAnnualReport, ApiError> {
        self.post(
            &format!("/reports/annual/{year}/publish"),
            &serde_json::json!({}),
        )
        .await
    }
}
