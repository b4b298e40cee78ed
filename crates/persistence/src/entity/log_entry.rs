use sea_orm::entity::prelude::*;

/// Append-only (database triggers refuse UPDATE and DELETE). `canonical` holds the entry's
/// RFC 8785 bytes (UTF-8 JSON), `leaf_hash` their RFC 6962 leaf hash in lowercase hex.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "log_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub case_id: Option<Uuid>,
    pub record_id: Option<Uuid>,
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub canonical: String,
    pub leaf_hash: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
