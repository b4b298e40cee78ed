use sea_orm::entity::prelude::*;

/// A declared conflict of interest (回避) between an officer and a target.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_conflicts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub officer_id: Uuid,
    pub target_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub declared_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
