use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub agency_id: Uuid,
    #[sea_orm(unique)]
    pub number: String,
    pub issuer: String,
    pub valid_from: Date,
    pub valid_until: Date,
    /// A JSON array of category names.
    pub categories: Json,
    pub area: String,
    /// `valid`, `suspended` or `revoked`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
