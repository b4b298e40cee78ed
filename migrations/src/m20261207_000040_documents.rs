//! Enforcement documents: issued documents (append-only; each one's PDF is a blob whose SHA-256
//! is in the issuing record's log entry), their numbering counters (one row per agency, type and
//! year: the number is taken in the issuing transaction, so numbers have no gaps and are never
//! reused), the signed paper copies that come back, and the agencies' versioned document
//! settings (crates/domain/src/document/settings.rs).

use crate::append_only::{append_only, drop_append_only};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
    AgencyId,
    CaseId,
    Kind,
    Number,
    Year,
    Seq,
    VerificationCode,
    Form,
    Content,
    Sha256,
    Size,
    RecordId,
    IssuedOn,
    IssuedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DocumentCounters {
    Table,
    AgencyId,
    Kind,
    Year,
    LastSeq,
}

#[derive(DeriveIden)]
enum DocumentSignedCopies {
    Table,
    DocumentId,
    Sha256,
    RecordId,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DocumentSettings {
    Table,
    AgencyId,
    Version,
    Settings,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Documents::Table)
                    .col(
                        ColumnDef::new(Documents::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Documents::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(Documents::CaseId).uuid().not_null())
                    .col(ColumnDef::new(Documents::Kind).string().not_null())
                    .col(ColumnDef::new(Documents::Number).string().not_null())
                    .col(ColumnDef::new(Documents::Year).integer().not_null())
                    .col(ColumnDef::new(Documents::Seq).big_integer().not_null())
                    .col(
                        ColumnDef::new(Documents::VerificationCode)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Documents::Form).json().not_null())
                    .col(ColumnDef::new(Documents::Content).json().not_null())
                    .col(ColumnDef::new(Documents::Sha256).string().not_null())
                    .col(ColumnDef::new(Documents::Size).big_integer().not_null())
                    .col(ColumnDef::new(Documents::RecordId).uuid().not_null())
                    .col(ColumnDef::new(Documents::IssuedOn).date().not_null())
                    .col(ColumnDef::new(Documents::IssuedBy).uuid().not_null())
                    .col(
                        ColumnDef::new(Documents::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ux_documents_type_seq",
                vec![
                    Documents::AgencyId,
                    Documents::Kind,
                    Documents::Year,
                    Documents::Seq,
                ],
            ),
            (
                "ux_documents_number",
                vec![Documents::AgencyId, Documents::Number],
            ),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(Documents::Table).unique();
            for c in cols {
                idx.col(c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_documents_case")
                    .table(Documents::Table)
                    .col(Documents::CaseId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_documents_sha256")
                    .table(Documents::Table)
                    .col(Documents::Sha256)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentCounters::Table)
                    .col(ColumnDef::new(DocumentCounters::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(DocumentCounters::Kind).string().not_null())
                    .col(ColumnDef::new(DocumentCounters::Year).integer().not_null())
                    .col(
                        ColumnDef::new(DocumentCounters::LastSeq)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(DocumentCounters::AgencyId)
                            .col(DocumentCounters::Kind)
                            .col(DocumentCounters::Year),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentSignedCopies::Table)
                    .col(
                        ColumnDef::new(DocumentSignedCopies::DocumentId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentSignedCopies::Sha256)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentSignedCopies::RecordId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentSignedCopies::UploadedBy)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentSignedCopies::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(DocumentSignedCopies::DocumentId)
                            .col(DocumentSignedCopies::Sha256),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentSettings::Table)
                    .col(ColumnDef::new(DocumentSettings::AgencyId).uuid().not_null())
                    .col(
                        ColumnDef::new(DocumentSettings::Version)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(DocumentSettings::Settings).json().not_null())
                    .col(
                        ColumnDef::new(DocumentSettings::CreatedBy)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentSettings::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(DocumentSettings::AgencyId)
                            .col(DocumentSettings::Version),
                    )
                    .to_owned(),
            )
            .await?;
        append_only(manager, "documents").await?;
        append_only(manager, "document_signed_copies").await?;
        append_only(manager, "document_settings").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["document_settings", "document_signed_copies", "documents"] {
            drop_append_only(manager, t).await?;
        }
        manager
            .drop_table(Table::drop().table(DocumentSettings::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DocumentSignedCopies::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DocumentCounters::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Documents::Table).to_owned())
            .await?;
        Ok(())
    }
}
