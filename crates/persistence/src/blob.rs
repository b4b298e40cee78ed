//! Evidence files: a content-addressed blob store (the bytes) and its catalogue (the rows).
//!
//! The bytes live behind [`BlobStore`]: on local disk ([`LocalBlobStore`], the embedded default)
//! or in an S3-compatible object store ([`ObjectBlobStore`], chosen by `SANXIANG_STORE_URL`, see
//! [`open_store`]). An upload streams into a temporary object while it is hashed; only a complete
//! upload is moved to its address (its SHA-256), and only if that address is still empty, so no
//! reader can ever see half a file and an address never changes content. Blobs are never
//! deleted: the catalogue table is append-only in the database, and the store has no delete.
//!
//! The catalogue (`blobs`) is written only after the bytes are in place; `blob_owners` records
//! which agencies may read a blob, which is what downloads and record attachments check.

mod object;

pub use object::{ObjectBlobStore, MULTIPART_PART_SIZE};

use crate::entity::{blob, blob_owner};
use crate::{Db, StoreError};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::stream::BoxStream;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TryInsertResult};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use uuid::Uuid;

/// How long a temporary upload file may sit before the startup sweep deletes it, on a file
/// system without file locks only (elsewhere an upload's lock tells whether it still runs).
/// Long enough that a sweep never removes an upload still running on another node sharing the
/// directory.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);

/// Write buffer of one upload: few, large writes to disk; bounded memory per upload.
const WRITE_BUFFER: usize = 1024 * 1024;

/// A blob's address: its SHA-256 as 64 lowercase hex digits. Once built, it is valid — which
/// also makes it safe to use as a file name.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobAddress(String);

impl BlobAddress {
    /// Parses 64 lowercase hex digits; anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        (s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| Self(s.to_owned()))
    }

    /// The address of bytes hashed to `digest` (a SHA-256).
    pub fn from_digest(digest: &[u8]) -> Self {
        use fmt::Write;
        let mut s = String::with_capacity(64);
        for b in digest {
            let _ = write!(s, "{b:02x}");
        }
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BlobAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for BlobAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlobAddress({})", self.0)
    }
}

/// What the blob store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// No blob at that address.
    #[error("blob not found")]
    NotFound,
    /// The storage failed (disk full, permissions, network for remote stores…).
    #[error("blob store I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The store's configuration (`SANXIANG_STORE_URL`, the `AWS_*` variables) is unusable.
    #[error("blob store configuration: {0}")]
    Config(String),
    /// The address already holds other bytes than the upload's (a damaged store: an address
    /// is never overwritten).
    #[error(
        "blob {address} in the store holds other bytes ({found} bytes; the upload has {expected})"
    )]
    Conflict {
        address: BlobAddress,
        found: u64,
        expected: u64,
    },
}

/// A blob that is now stored at its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    pub address: BlobAddress,
    pub size: u64,
}

/// Where the bytes of a stored blob can be read from.
#[derive(Debug, Clone)]
pub enum BlobSource {
    /// A file on local disk (served with Range support by the API).
    File(PathBuf),
    /// An object in a remote store, `size` bytes long: read it, or any range of it, through
    /// [`BlobStore::read`].
    Remote { size: u64 },
}

/// The bytes of a blob (or of a range of it), in pieces as they arrive.
pub type BlobStream = BoxStream<'static, Result<Bytes, BlobError>>;

/// Piece size of local reads.
const READ_PIECE: usize = 256 * 1024;

/// Opens the blob store `url` names: `s3://bucket/prefix` (an S3-compatible store, see
/// [`ObjectBlobStore::s3`]), `file:///dir` (local disk at `dir`), or none (local disk at
/// `default_dir`, the embedded default). Local stores are created and swept as
/// [`LocalBlobStore::open`] does.
pub fn open_store(url: Option<&str>, default_dir: &Path) -> Result<Arc<dyn BlobStore>, BlobError> {
    match url.map(str::trim).filter(|u| !u.is_empty()) {
        None => Ok(Arc::new(LocalBlobStore::open(default_dir)?)),
        Some(u) => match local_dir(u)? {
            Some(dir) => Ok(Arc::new(LocalBlobStore::open(dir)?)),
            None => Ok(Arc::new(ObjectBlobStore::s3(u)?)),
        },
    }
}

/// [`open_store`] without creating or sweeping anything (`sanxiang verify --blobs` and
/// `sanxiang store migrate` read a store, possibly a restored copy, without touching it).
pub fn existing_store(
    url: Option<&str>,
    default_dir: &Path,
) -> Result<Arc<dyn BlobStore>, BlobError> {
    match url.map(str::trim).filter(|u| !u.is_empty()) {
        None => Ok(Arc::new(LocalBlobStore::existing(default_dir))),
        Some(u) => match local_dir(u)? {
            Some(dir) => Ok(Arc::new(LocalBlobStore::existing(dir))),
            None => Ok(Arc::new(ObjectBlobStore::s3(u)?)),
        },
    }
}

/// The directory of a `file://` URL; `None` for other schemes.
fn local_dir(url: &str) -> Result<Option<PathBuf>, BlobError> {
    let invalid = |why: &str| BlobError::Config(format!("store URL: {why}"));
    match url.split_once("://") {
        Some(("file", rest)) => {
            let path = rest.split(['?', '#']).next().unwrap_or_default();
            if !path.starts_with('/') {
                return Err(invalid(
                    "file:// URLs take an absolute path (file:///srv/blobs)",
                ));
            }
            Ok(Some(PathBuf::from(path)))
        }
        Some(("s3", _)) => Ok(None),
        _ => Err(invalid("must start with s3:// or file://")),
    }
}

/// Content-addressed storage of evidence files. Object-safe, so the API holds an
/// `Arc<dyn BlobStore>` and a remote store can replace the local one.
#[async_trait::async_trait]
pub trait BlobStore: Send + Sync + fmt::Debug {
    /// Starts an upload. Dropping the returned upload without [`BlobUpload::commit`] discards
    /// everything written to it.
    async fn begin_upload(&self) -> Result<Box<dyn BlobUpload>, BlobError>;

    /// Where to read a stored blob.
    async fn open(&self, address: &BlobAddress) -> Result<BlobSource, BlobError>;

    /// The bytes of a stored blob, or of `range` of them (which must lie within the blob).
    async fn read(
        &self,
        address: &BlobAddress,
        range: Option<Range<u64>>,
    ) -> Result<BlobStream, BlobError>;

    /// Where a blob lives, for messages (a path, or a URL without credentials).
    fn location(&self, address: &BlobAddress) -> String;

    /// Where the store is, for messages (a directory, or a URL without credentials).
    fn describe(&self) -> String;

    /// Removes temporary upload objects that a crash left behind and no running upload can
    /// still need, judged at `now`; returns how many. A local store does this when opened
    /// ([`LocalBlobStore::open`], by file locks), so its default is to do nothing.
    async fn sweep_temporary(&self, now: DateTime<Utc>) -> Result<usize, BlobError> {
        let _ = now;
        Ok(0)
    }
}

/// Reads a whole blob into memory (small ones only: generated documents).
pub async fn read_all(store: &dyn BlobStore, address: &BlobAddress) -> Result<Vec<u8>, BlobError> {
    use futures_util::TryStreamExt;
    let mut stream = store.read(address, None).await?;
    let mut out = Vec::new();
    while let Some(piece) = stream.try_next().await? {
        out.extend_from_slice(&piece);
    }
    Ok(out)
}

/// The SHA-256 and length of a stored blob, read as a stream (bounded memory).
pub async fn hash_stored(
    store: &dyn BlobStore,
    address: &BlobAddress,
) -> Result<(BlobAddress, u64), BlobError> {
    use futures_util::TryStreamExt;
    let mut stream = store.read(address, None).await?;
    let mut hasher = Sha256::new();
    let mut total = 0u64;
    while let Some(piece) = stream.try_next().await? {
        hasher.update(&piece);
        total += piece.len() as u64;
    }
    Ok((BlobAddress::from_digest(&hasher.finalize()), total))
}

/// One upload in progress: bytes go in chunk by chunk and are hashed on the way.
#[async_trait::async_trait]
pub trait BlobUpload: Send {
    /// Appends a chunk.
    async fn write(&mut self, chunk: &[u8]) -> Result<(), BlobError>;

    /// Bytes written so far.
    fn written(&self) -> u64;

    /// Makes the content durable and moves it to its address. If that address already holds
    /// the same content, the upload is simply dropped.
    async fn commit(self: Box<Self>) -> Result<StoredBlob, BlobError>;
}

/// Blobs on local disk: `<root>/<first 2 hex>/<sha256>`, uploads in `<root>/tmp/*.tmp` (the same
/// file system, so moving a finished upload into place is an atomic rename).
#[derive(Debug, Clone)]
pub struct LocalBlobStore {
    root: PathBuf,
}

impl LocalBlobStore {
    /// Opens (creating) the store at `root` and deletes every temporary file no running upload
    /// holds: what a crash in the middle of an upload left behind.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self, BlobError> {
        let store = Self { root: root.into() };
        std::fs::create_dir_all(store.tmp_dir())?;
        match store.sweep_temp_files() {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "removed stale temporary upload files"),
            Err(e) => tracing::warn!("cannot sweep temporary upload files: {e}"),
        }
        Ok(store)
    }

    /// The store at `root` as it is: nothing created, nothing swept (`sanxiang verify --blobs`
    /// reads a store, possibly a restored copy, without touching it).
    pub fn existing(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The directory the store lives in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn tmp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// The file of a blob.
    pub fn path_of(&self, address: &BlobAddress) -> PathBuf {
        let hex = address.as_str();
        self.root.join(&hex[..2]).join(hex)
    }

    /// Deletes the `*.tmp` files in the upload directory that no upload is writing. A running
    /// upload holds an exclusive lock on its file (released by the kernel when the process
    /// ends, also in a crash), so what this node or any other left behind goes, whatever its
    /// age, and an upload still running elsewhere stays. Where the file system has no locks,
    /// only files last modified more than [`STALE_TEMP_AGE`] ago are deleted. Returns how many
    /// were removed.
    pub fn sweep_temp_files(&self) -> std::io::Result<usize> {
        let now = SystemTime::now();
        let mut removed = 0;
        for entry in std::fs::read_dir(self.tmp_dir())? {
            let entry = entry?;
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("tmp") {
                continue;
            }
            let meta = entry.metadata()?;
            if !meta.is_file() {
                continue;
            }
            let file = match std::fs::OpenOptions::new().write(true).open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            let abandoned = match file.try_lock() {
                Ok(()) => true,
                Err(std::fs::TryLockError::WouldBlock) => false,
                Err(std::fs::TryLockError::Error(_)) => {
                    let age = meta
                        .modified()
                        .ok()
                        .and_then(|m| now.duration_since(m).ok())
                        .unwrap_or_default();
                    age >= STALE_TEMP_AGE
                }
            };
            if abandoned {
                // Removed while this lock is held, so no upload can take the file meanwhile.
                match std::fs::remove_file(&path) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
            drop(file);
        }
        Ok(removed)
    }
}

#[async_trait::async_trait]
impl BlobStore for LocalBlobStore {
    async fn begin_upload(&self) -> Result<Box<dyn BlobUpload>, BlobError> {
        let temp = self
            .tmp_dir()
            .join(format!("upload-{}.tmp", Uuid::new_v4().simple()));
        let mut opts = tokio::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        opts.mode(0o600);
        let file = opts.open(&temp).await?.into_std().await;
        // Held until the upload is committed or dropped: the start-up sweep of any node leaves
        // a locked file alone and deletes an unlocked one (a crashed upload's).
        if let Err(std::fs::TryLockError::Error(e)) = file.try_lock() {
            tracing::debug!("temporary upload files cannot be locked here: {e}");
        }
        let file = tokio::fs::File::from_std(file);
        Ok(Box::new(LocalUpload {
            root: self.root.clone(),
            temp,
            file: Some(tokio::io::BufWriter::with_capacity(WRITE_BUFFER, file)),
            hasher: Sha256::new(),
            size: 0,
            done: false,
        }))
    }

    async fn open(&self, address: &BlobAddress) -> Result<BlobSource, BlobError> {
        let path = self.path_of(address);
        match tokio::fs::metadata(&path).await {
            Ok(m) if m.is_file() => Ok(BlobSource::File(path)),
            Ok(_) => Err(BlobError::NotFound),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(BlobError::NotFound),
            Err(e) => Err(e.into()),
        }
    }

    async fn read(
        &self,
        address: &BlobAddress,
        range: Option<Range<u64>>,
    ) -> Result<BlobStream, BlobError> {
        let mut file = match tokio::fs::File::open(self.path_of(address)).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(BlobError::NotFound),
            Err(e) => return Err(e.into()),
        };
        let size = file.metadata().await?.len();
        let range = range.unwrap_or(0..size);
        if range.start > range.end || range.end > size {
            return Err(BlobError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("range {range:?} outside a blob of {size} bytes"),
            )));
        }
        file.seek(std::io::SeekFrom::Start(range.start)).await?;
        let left = range.end - range.start;
        Ok(Box::pin(futures_util::stream::try_unfold(
            (file, left),
            |(mut file, left)| async move {
                if left == 0 {
                    return Ok(None);
                }
                let want = usize::try_from(left.min(READ_PIECE as u64)).unwrap_or(READ_PIECE);
                let mut buf = vec![0u8; want];
                let n = file.read(&mut buf).await?;
                if n == 0 {
                    return Err(BlobError::Io(std::io::ErrorKind::UnexpectedEof.into()));
                }
                buf.truncate(n);
                Ok(Some((Bytes::from(buf), (file, left - n as u64))))
            },
        )))
    }

    fn location(&self, address: &BlobAddress) -> String {
        self.path_of(address).display().to_string()
    }

    fn describe(&self) -> String {
        self.root.display().to_string()
    }
}

/// An upload to a temporary file; removed on drop unless committed.
struct LocalUpload {
    root: PathBuf,
    temp: PathBuf,
    file: Option<tokio::io::BufWriter<tokio::fs::File>>,
    hasher: Sha256,
    size: u64,
    done: bool,
}

impl Drop for LocalUpload {
    fn drop(&mut self) {
        if !self.done {
            // Refused, failed or interrupted: no half file stays behind.
            if let Err(e) = std::fs::remove_file(&self.temp) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!(path = %self.temp.display(), "cannot remove temporary upload: {e}");
                }
            }
        }
    }
}

fn closed() -> BlobError {
    BlobError::Io(std::io::Error::other("upload already finished"))
}

#[async_trait::async_trait]
impl BlobUpload for LocalUpload {
    async fn write(&mut self, chunk: &[u8]) -> Result<(), BlobError> {
        let file = self.file.as_mut().ok_or_else(closed)?;
        file.write_all(chunk).await?;
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        Ok(())
    }

    fn written(&self) -> u64 {
        self.size
    }

    async fn commit(mut self: Box<Self>) -> Result<StoredBlob, BlobError> {
        let mut writer = self.file.take().ok_or_else(closed)?;
        writer.flush().await?;
        // The file (and its lock) stays open until it is moved or discarded.
        let file = writer.into_inner();
        file.sync_all().await?;
        let address = BlobAddress::from_digest(&self.hasher.clone().finalize());
        let dir = self.root.join(&address.as_str()[..2]);
        let target = dir.join(address.as_str());
        tokio::fs::create_dir_all(&dir).await?;
        match tokio::fs::metadata(&target).await {
            Ok(m) if m.is_file() && m.len() == self.size => {
                // Same content already stored: keep the existing file; Drop removes ours.
            }
            _ => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let ro = std::fs::Permissions::from_mode(0o400);
                    tokio::fs::set_permissions(&self.temp, ro).await?;
                }
                tokio::fs::rename(&self.temp, &target).await?;
                self.done = true;
                sync_dir(&dir).await;
            }
        }
        drop(file);
        Ok(StoredBlob {
            address,
            size: self.size,
        })
    }
}

/// Makes a rename durable (the directory entry). Best effort: not every platform can open a
/// directory.
async fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = tokio::fs::File::open(dir).await {
        if let Err(e) = d.sync_all().await {
            tracing::warn!(dir = %dir.display(), "cannot sync directory: {e}");
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// What the catalogue knows about a blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobMeta {
    pub sha256: String,
    pub size: i64,
    /// Sniffed from the bytes at upload.
    pub content_type: String,
}

/// An agency's claim on a blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobOwnership {
    pub agency_id: Uuid,
    pub uploaded_by: Uuid,
    /// The name it was first uploaded under in that agency.
    pub file_name: String,
    pub created_at: DateTime<Utc>,
}

/// The result of cataloguing an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CataloguedUpload {
    pub meta: BlobMeta,
    /// `false` when the agency already owned this content (a repeated upload).
    pub newly_owned: bool,
}

fn to_meta(m: blob::Model) -> BlobMeta {
    BlobMeta {
        sha256: m.sha256,
        size: m.size,
        content_type: m.content_type,
    }
}

/// Catalogues a blob that is already at its address: the `blobs` row if absent, and the
/// agency's `blob_owners` row if absent, in one transaction. A repeated upload keeps the
/// existing rows (the first content type and file name win).
#[tracing::instrument(skip_all, fields(sha256 = %stored.address, agency_id = %agency_id))]
pub async fn catalogue_upload(
    db: &Db,
    stored: &StoredBlob,
    content_type: &str,
    agency_id: Uuid,
    uploaded_by: Uuid,
    file_name: &str,
    now: DateTime<Utc>,
) -> Result<CataloguedUpload, StoreError> {
    let size = i64::try_from(stored.size)
        .map_err(|_| StoreError::Db(sea_orm::DbErr::Custom("blob size out of range".into())))?;
    let sha = stored.address.as_str().to_owned();
    let tx = db.begin_write().await?;
    let newly_owned = catalogue_in(
        &tx,
        &sha,
        size,
        content_type,
        agency_id,
        uploaded_by,
        file_name,
        now,
    )
    .await?;
    let meta = blob::Entity::find_by_id(sha)
        .one(&tx)
        .await?
        .map(to_meta)
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(CataloguedUpload { meta, newly_owned })
}

/// Catalogues a blob already at its address on any connection (the `blobs` row and the agency's
/// `blob_owners` row if absent), e.g. inside the transaction that issues a document. Returns
/// whether the agency newly owns it.
#[expect(
    clippy::too_many_arguments,
    reason = "the rows' columns, each named at the call"
)]
pub(crate) async fn catalogue_in<C: ConnectionTrait>(
    conn: &C,
    sha: &str,
    size: i64,
    content_type: &str,
    agency_id: Uuid,
    uploaded_by: Uuid,
    file_name: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    blob::Entity::insert(blob::ActiveModel {
        sha256: Set(sha.to_owned()),
        size: Set(size),
        content_type: Set(content_type.to_owned()),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(blob::Column::Sha256)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec_without_returning(conn)
    .await?;
    let owner = blob_owner::Entity::insert(blob_owner::ActiveModel {
        sha256: Set(sha.to_owned()),
        agency_id: Set(agency_id),
        uploaded_by: Set(uploaded_by),
        file_name: Set(file_name.to_owned()),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([blob_owner::Column::Sha256, blob_owner::Column::AgencyId])
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec_without_returning(conn)
    .await?;
    Ok(matches!(owner, TryInsertResult::Inserted(n) if n > 0))
}

/// A catalogued blob and the agencies that own it; `None` if the address is not catalogued.
#[tracing::instrument(skip_all, fields(sha256 = %address))]
pub async fn find(
    db: &Db,
    address: &BlobAddress,
) -> Result<Option<(BlobMeta, Vec<BlobOwnership>)>, StoreError> {
    let Some(meta) = blob::Entity::find_by_id(address.as_str().to_owned())
        .one(&db.conn())
        .await?
        .map(to_meta)
    else {
        return Ok(None);
    };
    let owners = blob_owner::Entity::find()
        .filter(blob_owner::Column::Sha256.eq(address.as_str()))
        .all(&db.conn())
        .await?
        .into_iter()
        .map(|o| BlobOwnership {
            agency_id: o.agency_id,
            uploaded_by: o.uploaded_by,
            file_name: o.file_name,
            created_at: o.created_at,
        })
        .collect();
    Ok(Some((meta, owners)))
}

/// One page of the whole catalogue in address order, after `after` (`sanxiang store migrate`).
pub async fn catalogue_page(
    db: &Db,
    after: Option<&str>,
    limit: u64,
) -> Result<Vec<BlobMeta>, StoreError> {
    use sea_orm::{QueryOrder, QuerySelect};
    let mut q = blob::Entity::find().order_by_asc(blob::Column::Sha256);
    if let Some(a) = after {
        q = q.filter(blob::Column::Sha256.gt(a));
    }
    Ok(q.limit(limit)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_meta)
        .collect())
}

/// The blobs among `sha256s` that `agency_id` owns, by sha256. What a record may attach: a
/// sha256 missing from the answer is unknown or belongs to another agency.
#[tracing::instrument(skip_all, fields(agency_id = %agency_id, n = sha256s.len()))]
pub async fn owned_blobs(
    db: &Db,
    agency_id: Uuid,
    sha256s: &[String],
) -> Result<HashMap<String, BlobMeta>, StoreError> {
    owned_blobs_in(&db.conn(), agency_id, sha256s).await
}

/// [`owned_blobs`] on any connection, e.g. inside the transaction that writes a record.
pub(crate) async fn owned_blobs_in<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    sha256s: &[String],
) -> Result<HashMap<String, BlobMeta>, StoreError> {
    let mut wanted: Vec<&str> = sha256s
        .iter()
        .map(String::as_str)
        .filter(|s| BlobAddress::parse(s).is_some())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let owned: Vec<String> = blob_owner::Entity::find()
        .filter(blob_owner::Column::AgencyId.eq(agency_id))
        .filter(blob_owner::Column::Sha256.is_in(wanted))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| o.sha256)
        .collect();
    if owned.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(blob::Entity::find()
        .filter(blob::Column::Sha256.is_in(owned))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.sha256.clone(), to_meta(m)))
        .collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn scratch() -> PathBuf {
        std::env::temp_dir().join(format!("sanxiang-blob-{}", Uuid::new_v4().simple()))
    }

    fn files_under(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn addresses_are_64_lowercase_hex() {
        let ok = "a".repeat(64);
        assert!(BlobAddress::parse(&ok).is_some());
        assert!(BlobAddress::parse(&"A".repeat(64)).is_none());
        assert!(BlobAddress::parse(&"a".repeat(63)).is_none());
        assert!(BlobAddress::parse(&format!("{}g", "a".repeat(63))).is_none());
        assert!(BlobAddress::parse(&format!("../{}", "a".repeat(61))).is_none());
    }

    #[tokio::test]
    async fn commit_moves_a_hashed_file_to_its_address() {
        let root = scratch();
        let store = LocalBlobStore::open(&root).unwrap();
        let mut up = store.begin_upload().await.unwrap();
        up.write(b"hello ").await.unwrap();
        up.write(b"world").await.unwrap();
        assert_eq!(up.written(), 11);
        let stored = up.commit().await.unwrap();
        // sha256("hello world")
        assert_eq!(
            stored.address.as_str(),
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        let BlobSource::File(path) = store.open(&stored.address).await.unwrap() else {
            panic!("a local store serves files")
        };
        assert_eq!(std::fs::read(&path).unwrap(), b"hello world");
        assert_eq!(
            read_all(&store, &stored.address).await.unwrap(),
            b"hello world"
        );
        let mut part = store.read(&stored.address, Some(6..11)).await.unwrap();
        use futures_util::StreamExt;
        assert_eq!(&part.next().await.unwrap().unwrap()[..], b"world");
        assert!(path.starts_with(root.join("b9")));

        // The same content again: same address, no extra file.
        let mut up = store.begin_upload().await.unwrap();
        up.write(b"hello world").await.unwrap();
        assert_eq!(up.commit().await.unwrap(), stored);
        assert_eq!(files_under(&root), vec![path]);
        std::fs::remove_dir_all(&root).ok();
    }

    #[tokio::test]
    async fn a_dropped_upload_leaves_nothing() {
        let root = scratch();
        let store = LocalBlobStore::open(&root).unwrap();
        let mut up = store.begin_upload().await.unwrap();
        up.write(&[7u8; 4096]).await.unwrap();
        drop(up);
        assert!(files_under(&root).is_empty());
        let missing = BlobAddress::parse(&"0".repeat(64)).unwrap();
        assert!(matches!(
            store.open(&missing).await,
            Err(BlobError::NotFound)
        ));
        std::fs::remove_dir_all(&root).ok();
    }

    #[tokio::test]
    async fn the_sweep_removes_abandoned_temp_files_and_keeps_running_uploads() {
        let root = scratch();
        let store = LocalBlobStore::open(&root).unwrap();
        let tmp = root.join("tmp");
        // A fresh file nobody writes: what a crash a moment ago left.
        std::fs::write(tmp.join("upload-crashed.tmp"), b"x").unwrap();
        std::fs::write(tmp.join("keep.txt"), b"x").unwrap();
        let mut running = store.begin_upload().await.unwrap();
        running.write(b"still coming").await.unwrap();
        assert_eq!(store.sweep_temp_files().unwrap(), 1);
        assert!(!tmp.join("upload-crashed.tmp").exists());
        assert!(tmp.join("keep.txt").exists());
        // The running upload was left alone and completes.
        running.commit().await.unwrap();
        // A new store (a restart) removes what was left, however young.
        std::fs::write(tmp.join("upload-crashed-again.tmp"), b"x").unwrap();
        LocalBlobStore::open(&root).unwrap();
        assert!(!tmp.join("upload-crashed-again.tmp").exists());
        std::fs::remove_dir_all(&root).ok();
    }
}
