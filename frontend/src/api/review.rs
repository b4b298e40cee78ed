//! Typed calls of the legal review endpoints (重大执法决定法制审核). Pages call these, never a
//! path.

use super::endpoints::query_string;
use super::{ApiError, Session};
use sanxiang_api_types::discretion::{
    CreateDiscretionStandard, DiscretionStandardHistory, DiscretionStandardList,
};
use sanxiang_api_types::review::{
    AdviserOpinionInput, AnswerItems, AssignReviewer, CatalogueHistoryView, CreateCatalogueVersion,
    DeliberationList, DeliberationView, ExtendReview, GiveOpinion, RecordDeliberation,
    ReviewDetail, ReviewList, ReviewQueueQuery, SubmitReview,
};
use uuid::Uuid;

impl Session {
    /// `GET /review/queue` with filters.
    pub async fn review_queue(self, query: &ReviewQueueQuery) -> Result<ReviewList, ApiError> {
        self.get(&format!("/review/queue{}", query_string(query)))
            .await
    }

    /// `GET /cases/{id}/review`.
    pub async fn review(self, case_id: Uuid) -> Result<ReviewDetail, ApiError> {
        self.get(&format!("/cases/{case_id}/review")).await
    }

    /// `POST /cases/{id}/review` (first request).
    pub async fn submit_review(
        self,
        case_id: Uuid,
        body: &SubmitReview,
    ) -> Result<ReviewDetail, ApiError> {
        self.post(&format!("/cases/{case_id}/review"), body).await
    }

    /// `POST /cases/{id}/review/resubmissions` (a corrected round).
    pub async fn resubmit_review(
        self,
        case_id: Uuid,
        body: &SubmitReview,
    ) -> Result<ReviewDetail, ApiError> {
        self.post(&format!("/cases/{case_id}/review/resubmissions"), body)
            .await
    }

    /// `POST /cases/{id}/review/assignment`.
    pub async fn assign_reviewer(
        self,
        case_id: Uuid,
        body: &AssignReviewer,
    ) -> Result<ReviewDetail, ApiError> {
        self.post(&format!("/cases/{case_id}/review/assignment"), body)
            .await
    }

    /// `POST /cases/{id}/review/answers`.
    pub async fn answer_items(
        self,
        case_id: Uuid,
        body: &AnswerItems,
    ) -> Result<ReviewDetail, ApiError> {
        self.post(&format!("/cases/{case_id}/review/answers"), body)
            .await
    }

    /// `POST /cases/{id}/review/adviser-opinion`.
    pub async fn adviser_opinion(
        self,
        case_id: Uuid,
        body: &AdviserOpinionInput,
    ) -> Result<ReviewDetail, ApiError> {
        self.post(&format!("/cases/{case_id}/review/adviser-opinion"), body)
            .await
    }

    /// `POST /cases/{id}/review/opinion`.
    pub async fn give_opinion(
        self,
        case_id: Uuid,
        body: &GiveOpinion,
    ) -> Result<ReviewDetail, ApiError> {
        self.post(&format!("/cases/{case_id}/review/opinion"), body)
            .await
    }

    /// `POST /cases/{id}/review/extension`.
    pub async fn extend_review(
        self,
        case_id: Uuid,
        body: &ExtendReview,
    ) -> Result<ReviewDetail, ApiError> {
        self.post(&format!("/cases/{case_id}/review/extension"), body)
            .await
    }

    /// `GET /review/catalogue`.
    pub async fn catalogue(self) -> Result<CatalogueHistoryView, ApiError> {
        self.get("/review/catalogue").await
    }

    /// `POST /review/catalogue` (approver or admin): publishes the next version.
    pub async fn publish_catalogue(self, body: &CreateCatalogueVersion) -> Result<(), ApiError> {
        // The answer (the new version) is not needed: the page reloads the history.
        let _: serde_json::Value = self.post("/review/catalogue", body).await?;
        Ok(())
    }

    /// `GET /review/discretion-standards`: per violation type the version in force (else the
    /// newest).
    pub async fn discretion_standards(self) -> Result<DiscretionStandardList, ApiError> {
        self.get("/review/discretion-standards").await
    }

    /// `GET /review/discretion-standards/{code}`: every version of one standard.
    pub async fn discretion_history(
        self,
        code: &str,
    ) -> Result<DiscretionStandardHistory, ApiError> {
        // Codes are letters, digits, `_`, `-` and `.` (the server refuses others).
        self.get(&format!("/review/discretion-standards/{code}"))
            .await
    }

    /// `POST /review/discretion-standards` (approver or admin): publishes the next version.
    pub async fn publish_discretion(self, body: &CreateDiscretionStandard) -> Result<(), ApiError> {
        let _: serde_json::Value = self.post("/review/discretion-standards", body).await?;
        Ok(())
    }

    /// `GET /cases/{id}/deliberation`: every deliberation, oldest first (a single one or a
    /// list, whichever the server answers).
    pub async fn deliberations(self, case_id: Uuid) -> Result<Vec<DeliberationView>, ApiError> {
        let value: serde_json::Value = self.get(&format!("/cases/{case_id}/deliberation")).await?;
        let parsed = if value.get("items").is_some() {
            serde_json::from_value::<DeliberationList>(value).map(|l| l.items)
        } else if value.is_null() {
            Ok(Vec::new())
        } else {
            serde_json::from_value::<DeliberationView>(value).map(|d| vec![d])
        };
        parsed.map_err(|e| ApiError::Unexpected(e.to_string()))
    }

    /// `POST /cases/{id}/deliberation`.
    pub async fn record_deliberation(
        self,
        case_id: Uuid,
        body: &RecordDeliberation,
    ) -> Result<(), ApiError> {
        let _: serde_json::Value = self
            .post(&format!("/cases/{case_id}/deliberation"), body)
            .await?;
        Ok(())
    }
}
