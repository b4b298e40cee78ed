use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub url: String,
    pub description: String,
    /// JSON array of event types; empty means every type.
    pub event_types: String,
    /// `whsec_…`: needed to sign, so stored as is; never logged or returned after creation.
    pub secret: String,
    pub active: bool,
    /// The last feed sequence number turned into a delivery for this endpoint.
    pub cursor_seq: i64,
    pub lease_owner: Option<Uuid>,
    pub lease_until: Option<DateTimeUtc>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
