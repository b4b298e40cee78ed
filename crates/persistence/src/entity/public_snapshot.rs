use sea_orm::entity::prelude::*;

/// The snapshot of a day: its files in the blob store and the feed position (append-only).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "public_snapshots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub feed_position: i64,
    pub count: i64,
    pub ndjson_sha256: String,
    pub ndjson_bytes: i64,
    pub csv_sha256: String,
    pub csv_bytes: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
