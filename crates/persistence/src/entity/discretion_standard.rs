use sea_orm::entity::prelude::*;

/// One version of an agency's discretion standard for one violation type (`code`). Only
/// `effective_until` of the current version is ever set (when the next version is published).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "discretion_standards")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub code: String,
    pub version: i32,
    pub violation_type: String,
    pub effective_from: Date,
    pub effective_until: Option<Date>,
    /// `Vec<String>` as JSON.
    pub legal_basis: Json,
    pub text: String,
    /// The domain `Vec<FineRange>` as JSON.
    pub ranges: Json,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
