use sea_orm::entity::prelude::*;

/// One version of an agency's catalogue of major decisions. Only `effective_until` of the
/// current version is ever set (when the next version is published).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "review_catalogues")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub version: i32,
    pub effective_from: Date,
    pub effective_until: Option<Date>,
    /// The domain `Vec<Criterion>` as JSON.
    pub criteria: Json,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
