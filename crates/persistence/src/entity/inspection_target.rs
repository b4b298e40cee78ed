use sea_orm::entity::prelude::*;

/// A target under supervision (监管对象) in an agency's pool.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_targets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub name: String,
    pub credit_code: Option<String>,
    /// `organisation` or `person`.
    pub kind: String,
    pub tier: String,
    pub address: String,
    /// A JSON array of tag strings.
    pub tags: Json,
    pub last_inspected_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
