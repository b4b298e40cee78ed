use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agencies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub short_name: String,
    pub credit_code: Option<String>,
    pub is_platform: bool,
    pub active: bool,
    pub created_at: DateTimeUtc,
    /// e.g. `{short}{kind}〔{year}〕{seq}号`.
    pub case_number_template: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
