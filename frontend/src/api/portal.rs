//! Typed calls of the portal administration endpoints: API keys and webhook endpoints with
//! their delivery log. Pages call these, never a path.

use super::endpoints::query_string;
use super::{ApiError, Session};
use sanxiang_api_types::portal::{
    ApiKey, ApiKeyList, CreateApiKey, CreateWebhook, CreatedApiKey, CreatedWebhook, Delivery,
    DeliveryDetail, DeliveryList, DeliveryQuery, UpdateWebhook, Webhook, WebhookList,
};
use uuid::Uuid;

impl Session {
    /// `GET /portal/api-keys`.
    pub async fn api_keys(self) -> Result<ApiKeyList, ApiError> {
        self.get("/portal/api-keys").await
    }

    /// `POST /portal/api-keys`: the answer holds the key, shown once.
    pub async fn create_api_key(self, body: &CreateApiKey) -> Result<CreatedApiKey, ApiError> {
        self.post("/portal/api-keys", body).await
    }

    /// `POST /portal/api-keys/{id}/revoke`.
    pub async fn revoke_api_key(self, id: Uuid) -> Result<ApiKey, ApiError> {
        self.post(
            &format!("/portal/api-keys/{id}/revoke"),
            &serde_json::json!({}),
        )
        .await
    }

    /// `GET /portal/webhooks`.
    pub async fn webhooks(self) -> Result<WebhookList, ApiError> {
        self.get("/portal/webhooks").await
    }

    /// `POST /portal/webhooks`: the answer holds the signing secret, shown once.
    pub async fn create_webhook(self, body: &CreateWebhook) -> Result<CreatedWebhook, ApiError> {
        self.post("/portal/webhooks", body).await
    }

    /// `PATCH /portal/webhooks/{id}`.
    pub async fn update_webhook(self, id: Uuid, body: &UpdateWebhook) -> Result<Webhook, ApiError> {
        self.patch(&format!("/portal/webhooks/{id}"), body).await
    }

    /// `GET /portal/webhooks/{id}/deliveries`.
    pub async fn webhook_deliveries(
        self,
        id: Uuid,
        query: &DeliveryQuery,
    ) -> Result<DeliveryList, ApiError> {
        self.get(&format!(
            "/portal/webhooks/{id}/deliveries{}",
            query_string(query)
        ))
        .await
    }

    /// `GET /portal/deliveries/{id}`.
    pub async fn delivery(self, id: Uuid) -> Result<DeliveryDetail, ApiError> {
        self.get(&format!("/portal/deliveries/{id}")).await
    }

    /// `POST /portal/deliveries/{id}/replay`.
    pub async fn replay_delivery(self, id: Uuid) -> Result<Delivery, ApiError> {
        self.post(
            &format!("/portal/deliveries/{id}/replay"),
            &serde_json::json!({}),
        )
        .await
    }
}
