use sea_orm::entity::prelude::*;

/// What is public now: one row per published, not withdrawn, not expired decision or result.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "public_decisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub resource_type: String,
    pub case_kind: String,
    pub violation_type: String,
    pub decided_on: Date,
    pub publication_end: Option<Date>,
    pub search_text: String,
    pub version: i32,
    /// The public JSON, served as is.
    pub body: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
