use sea_orm::entity::prelude::*;

/// An issued enforcement document. Append-only (database triggers refuse UPDATE and DELETE).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub case_id: Uuid,
    pub kind: String,
    pub number: String,
    pub year: i32,
    pub seq: i64,
    pub verification_code: String,
    pub form: Json,
    pub content: Json,
    pub sha256: String,
    pub size: i64,
    pub record_id: Uuid,
    pub issued_on: Date,
    pub issued_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
