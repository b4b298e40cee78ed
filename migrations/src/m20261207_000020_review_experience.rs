//! Officer profiles record since when the person has done legal-review work (从事法制审核), so
//! the qualification rule of 行政处罚法 art. 58 para. 2 — a person *newly* engaged in legal
//! review holds the national legal profession qualification — is judged on the person.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let date = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => "DATE",
            _ => "date_text",
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "ALTER TABLE officer_profiles ADD COLUMN review_experience_since {date} NULL"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE officer_profiles DROP COLUMN review_experience_since")
            .await?;
        Ok(())
    }
}
