use sea_orm::entity::prelude::*;

/// A decision (or inspection result) on its way to the public: the workflow state.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub case_id: Uuid,
    pub resource_type: String,
    pub case_kind: String,
    pub status: String,
    /// The unmasked field set taken from the case (JSON text; staff only).
    pub source: String,
    /// The editor's additional masks (JSON text).
    pub extra_masks: String,
    pub not_published_ground: Option<String>,
    pub severity: String,
    pub decided_on: Date,
    /// No longer written: the due date is computed on read (`sanxiang_domain::disclosure::due`).
    pub due_on: Option<Date>,
    pub publication_end: Option<Date>,
    pub published_version: i32,
    pub published_at: Option<DateTimeUtc>,
    pub editor_id: Option<Uuid>,
    pub submitted_by: Option<Uuid>,
    pub withdrawal_required_on: Option<Date>,
    pub withdrawal_due_on: Option<Date>,
    pub withdrawal_basis: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
