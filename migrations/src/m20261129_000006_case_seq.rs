//! A per-case record counter (`cases.last_seq`): appending a record takes the next number with
//! one `UPDATE … RETURNING`, which also serialises concurrent appends to the same case (row lock)
//! instead of retrying on the `(case_id, seq)` unique key.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    LastSeq,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(
                        ColumnDef::new(Cases::LastSeq)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE cases SET last_seq = COALESCE(\
                 (SELECT MAX(seq) FROM case_records WHERE case_records.case_id = cases.id), 0)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::LastSeq)
                    .to_owned(),
            )
            .await
    }
}
