//! Typed calls of the disclosure of decisions (行政执法公示, after enforcement): the staff queue
//! and workflow steps, and the public lists of published decisions and inspection results.

use super::endpoints::query_string;
use super::{decode, send_url, ApiError, Session, PUBLIC_API_BASE};
use gloo_net::http::Method;
use sanxiang_api_types::disclosure::{
    DisclosureDetail, DisclosureList, DisclosureQuery, EditDisclosure, PublicDecision,
    PublicDecisionPage, PublicListQuery, ReasonInput, RequireWithdrawal, ResourceType,
    ReviewDisclosure, VersionInput, WithholdDisclosure,
};
use uuid::Uuid;

/// The public path segment of a resource type.
fn public_segment(resource: ResourceType) -> &'static str {
    match resource {
        ResourceType::Decision => "decisions",
        ResourceType::InspectionResult => "inspections",
    }
}

/// `GET /api/public/v1/decisions` or `/inspections`: a page of what is public now.
pub async fn public_decisions(
    resource: ResourceType,
    query: &PublicListQuery,
) -> Result<PublicDecisionPage, ApiError> {
    let url = format!(
        "{PUBLIC_API_BASE}/{}{}",
        public_segment(resource),
        query_string(query)
    );
    decode(send_url(Method::GET, &url, None, None).await?).await
}

/// `GET /api/public/v1/decisions/{id}` or `/inspections/{id}`.
pub async fn public_decision(resource: ResourceType, id: Uuid) -> Result<PublicDecision, ApiError> {
    let url = format!("{PUBLIC_API_BASE}/{}/{id}", public_segment(resource));
    decode(send_url(Method::GET, &url, None, None).await?).await
}

/// A workflow step of one disclosure, with its body.
#[derive(Debug, Clone)]
pub enum DisclosureStep {
    Submit(VersionInput),
    Review(ReviewDisclosure),
    Withhold(WithholdDisclosure),
    Correct(ReasonInput),
    RequireWithdrawal(RequireWithdrawal),
    Withdraw(ReasonInput),
    RemoveEarly(ReasonInput),
}

impl Session {
    /// `GET /disclosures` with filters.
    pub async fn disclosures(self, query: &DisclosureQuery) -> Result<DisclosureList, ApiError> {
        self.get(&format!("/disclosures{}", query_string(query)))
            .await
    }

    /// `GET /disclosures/{id}`.
    pub async fn disclosure(self, id: Uuid) -> Result<DisclosureDetail, ApiError> {
        self.get(&format!("/disclosures/{id}")).await
    }

    /// `PATCH /disclosures/{id}`.
    pub async fn edit_disclosure(
        self,
        id: Uuid,
        body: &EditDisclosure,
    ) -> Result<DisclosureDetail, ApiError> {
        self.patch(&format!("/disclosures/{id}"), body).await
    }

    /// `POST /disclosures/{id}/submission|review|withholding|correction|withdrawal-requirement|withdrawal|early-removal`.
    pub async fn disclosure_step(
        self,
        id: Uuid,
        step: &DisclosureStep,
    ) -> Result<DisclosureDetail, ApiError> {
        let path = |s: &str| format!("/disclosures/{id}/{s}");
        match step {
            DisclosureStep::Submit(b) => self.post(&path("submission"), b).await,
            DisclosureStep::Review(b) => self.post(&path("review"), b).await,
            DisclosureStep::Withhold(b) => self.post(&path("withholding"), b).await,
            DisclosureStep::Correct(b) => self.post(&path("correction"), b).await,
            DisclosureStep::RequireWithdrawal(b) => {
                self.post(&path("withdrawal-requirement"), b).await
            }
            DisclosureStep::Withdraw(b) => self.post(&path("withdrawal"), b).await,
            DisclosureStep::RemoveEarly(b) => self.post(&path("early-removal"), b).await,
        }
    }
}
