//! Blobs in an S3-compatible object store, through the `object_store` crate.
//!
//! Keys mirror the local layout: `<prefix>/<first 2 hex>/<sha256>`. An upload is hashed while it
//! streams. One that stays under [`MULTIPART_PART_SIZE`] is held in memory and put straight to its
//! address with `If-None-Match: *` (`PutMode::Create`). A larger one goes, part by part, as a
//! multipart upload to a temporary key `<prefix>/tmp/upload-<uuid>` (at most
//! [`PARTS_IN_FLIGHT`] parts in flight, so memory stays a few parts whatever the size), and once
//! complete it is copied to its address only if that address is empty (`copy_if_not_exists`: by
//! default a multipart copy completed with `If-None-Match: *`, see [`ObjectBlobStore::s3`]).
//! Either way an address that already exists is left as it is, and the upload succeeds only if
//! what it holds hashes to the address (otherwise [`BlobError::Conflict`]).
//!
//! Temporary objects are removed by the upload itself: a dropped upload aborts its multipart
//! upload, a committed one deletes its temporary key after the copy. What a crash leaves behind
//! is removed by [`BlobStore::sweep_temporary`] (every server start, objects under `tmp/`
//! older than an hour) and, for multipart uploads never completed, by the bucket's lifecycle rule
//! `AbortIncompleteMultipartUpload` (README, Deploying). Nothing else is ever deleted: the store
//! offers no delete of an address.

use super::{
    BlobAddress, BlobError, BlobSource, BlobStore, BlobStream, BlobUpload, StoredBlob,
    STALE_TEMP_AGE,
};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey, S3CopyIfNotExists};
use object_store::path::Path as ObjectPath;
use object_store::{
    GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload,
    WriteMultipart,
};
use sha2::{Digest, Sha256};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use uuid::Uuid;

/// Size of one multipart part (S3's minimum but for the last part is 5 MiB), and the largest
/// upload put in one request.
pub const MULTIPART_PART_SIZE: usize = 5 * 1024 * 1024;

/// Parts of one upload sent at once: with the part being filled, an upload holds at most
/// `(PARTS_IN_FLIGHT + 1) × MULTIPART_PART_SIZE` bytes.
pub const PARTS_IN_FLIGHT: usize = 2;

/// Blobs in an object store (S3-compatible in production).
#[derive(Clone)]
pub struct ObjectBlobStore {
    store: Arc<dyn ObjectStore>,
    /// Key prefix, without leading or trailing `/` (may be empty).
    prefix: String,
    /// `s3://bucket/prefix`: never the query, which may hold credentials.
    display: String,
}

impl fmt::Debug for ObjectBlobStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectBlobStore")
            .field("at", &self.display)
            .finish_non_exhaustive()
    }
}

fn store_error(e: object_store::Error) -> BlobError {
    match e {
        object_store::Error::NotFound { .. } => BlobError::NotFound,
        e => BlobError::Io(std::io::Error::other(e)),
    }
}

impl ObjectBlobStore {
    /// Blobs in any `object_store` store under `prefix` (`display` names it in messages).
    pub fn new(store: Arc<dyn ObjectStore>, prefix: &str, display: impl Into<String>) -> Self {
        Self {
            store,
            prefix: prefix.trim_matches('/').to_owned(),
            display: display.into(),
        }
    }

    /// An S3-compatible store from `s3://bucket/prefix`. Endpoint, region and credentials come
    /// from the usual variables (`AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_ALLOW_HTTP`…, read by `object_store`), overridden by the
    /// URL's query (`?endpoint=http://garage:3900&region=garage&allow_http=true`; any
    /// `object_store` S3 setting). Create-if-absent copies use `AWS_COPY_IF_NOT_EXISTS` (or
    /// `?copy_if_not_exists=`) and default to `multipart` (a multipart copy completed with
    /// `If-None-Match: *`, which AWS S3 and moto honour); a store that takes `If-None-Match` on
    /// a plain copy can say `header: If-None-Match: *`. Nothing of the URL but scheme, bucket and
    /// prefix ever appears in a message.
    pub fn s3(url: &str) -> Result<Self, BlobError> {
        let bad = |why: String| BlobError::Config(format!("SANXIANG_STORE_URL: {why}"));
        let parsed = url::Url::parse(url).map_err(|e| bad(format!("not a URL ({e})")))?;
        if parsed.scheme() != "s3" {
            return Err(bad("must start with s3:// or file://".into()));
        }
        let bucket = parsed
            .host_str()
            .filter(|b| !b.is_empty())
            .ok_or_else(|| bad("names no bucket (s3://bucket/prefix)".into()))?
            .to_owned();
        let prefix = parsed.path().trim_matches('/').to_owned();
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(bad(
                "credentials go in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the query), not before the bucket"
                    .into(),
            ));
        }
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(&bucket);
        let mut copy_mode_set = std::env::var_os("AWS_COPY_IF_NOT_EXISTS").is_some();
        for (k, v) in parsed.query_pairs() {
            let key: AmazonS3ConfigKey = k
                .parse()
                .map_err(|_| bad(format!("unknown S3 setting `{k}` in the query")))?;
            copy_mode_set |= matches!(key, AmazonS3ConfigKey::CopyIfNotExists);
            builder = builder.with_config(key, v.into_owned());
        }
        if !copy_mode_set {
            builder = builder.with_copy_if_not_exists(S3CopyIfNotExists::Multipart);
        }
        // reqwest is built without a default TLS provider (no aws-lc): rustls on ring, as the
        // webhook client (crates/api/src/portal/dispatcher.rs). Installing it twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let store = builder
            .build()
            .map_err(|e| bad(format!("cannot configure the S3 client: {e}")))?;
        let display = if prefix.is_empty() {
            format!("s3://{bucket}")
        } else {
            format!("s3://{bucket}/{prefix}")
        };
        Ok(Self::new(Arc::new(store), &prefix, display))
    }

    fn key(&self, rest: &str) -> ObjectPath {
        if self.prefix.is_empty() {
            ObjectPath::from(rest)
        } else {
            ObjectPath::from(format!("{}/{rest}", self.prefix))
        }
    }

    /// The key of a blob.
    fn key_of(&self, address: &BlobAddress) -> ObjectPath {
        let hex = address.as_str();
        self.key(&format!("{}/{hex}", &hex[..2]))
    }

    fn tmp_prefix(&self) -> ObjectPath {
        self.key("tmp")
    }

    /// The size of what is stored at `address`, if anything.
    async fn size_at(&self, address: &BlobAddress) -> Result<Option<u64>, BlobError> {
        match self.store.head(&self.key_of(address)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(store_error(e)),
        }
    }

    /// Success when `address` already holds these bytes: read back and hashed, so that a
    /// damaged object at an address is reported, never taken for the upload (and never
    /// overwritten).
    async fn existing(&self, address: BlobAddress, size: u64) -> Result<StoredBlob, BlobError> {
        let (found, found_size) = super::hash_stored(self, &address).await?;
        if found == address && found_size == size {
            Ok(StoredBlob { address, size })
        } else {
            Err(BlobError::Conflict {
                address,
                found: found_size,
                expected: size,
            })
        }
    }
}

#[async_trait::async_trait]
impl BlobStore for ObjectBlobStore {
    async fn begin_upload(&self) -> Result<Box<dyn BlobUpload>, BlobError> {
        Ok(Box::new(ObjectUpload {
            target: self.clone(),
            small: Vec::new(),
            multipart: None,
            temp: self
                .tmp_prefix()
                .join(format!("upload-{}", Uuid::new_v4().simple())),
            hasher: Sha256::new(),
            size: 0,
        }))
    }

    async fn open(&self, address: &BlobAddress) -> Result<BlobSource, BlobError> {
        match self.size_at(address).await? {
            Some(size) => Ok(BlobSource::Remote { size }),
            None => Err(BlobError::NotFound),
        }
    }

    async fn read(
        &self,
        address: &BlobAddress,
        range: Option<Range<u64>>,
    ) -> Result<BlobStream, BlobError> {
        if range.as_ref().is_some_and(|r| r.start >= r.end) {
            // S3 has no empty range; the answer is known.
            return Ok(Box::pin(futures_util::stream::empty()));
        }
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let got = self
            .store
            .get_opts(&self.key_of(address), options)
            .await
            .map_err(store_error)?;
        Ok(Box::pin(got.into_stream().map_err(store_error)))
    }

    fn location(&self, address: &BlobAddress) -> String {
        let hex = address.as_str();
        format!("{}/{}/{hex}", self.display, &hex[..2])
    }

    fn describe(&self) -> String {
        self.display.clone()
    }

    /// Deletes the temporary upload objects older than [`STALE_TEMP_AGE`] at `now` (what a crash
    /// between an upload's completion and its copy left behind; younger ones may still be on
    /// their way to their address on another node). Returns how many went. Only keys under
    /// `<prefix>/tmp/` are ever deleted.
    async fn sweep_temporary(&self, now: DateTime<Utc>) -> Result<usize, BlobError> {
        let stale = chrono::Duration::from_std(STALE_TEMP_AGE).unwrap_or_default();
        let tmp = self.tmp_prefix();
        let mut listing = self.store.list(Some(&tmp));
        let mut removed = 0;
        while let Some(meta) = listing.try_next().await.map_err(store_error)? {
            if now - meta.last_modified < stale {
                continue;
            }
            match self.store.delete(&meta.location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => removed += 1,
                Err(e) => return Err(store_error(e)),
            }
        }
        Ok(removed)
    }
}

/// An upload in progress: in memory while small, a multipart upload to the temporary key once
/// it outgrows one part.
struct ObjectUpload {
    target: ObjectBlobStore,
    small: Vec<u8>,
    multipart: Option<WriteMultipart>,
    temp: ObjectPath,
    hasher: Sha256,
    size: u64,
}

impl Drop for ObjectUpload {
    fn drop(&mut self) {
        // Refused, failed or interrupted: the parts sent so far are discarded by the store.
        if let Some(upload) = self.multipart.take() {
            let temp = self.temp.clone();
            match tokio::runtime::Handle::try_current() {
                Ok(rt) => {
                    rt.spawn(async move {
                        if let Err(e) = upload.abort().await {
                            tracing::warn!(key = %temp, "cannot abort a multipart upload: {e}");
                        }
                    });
                }
                Err(_) => tracing::warn!(
                    key = %temp,
                    "multipart upload left to the bucket's lifecycle rule (no runtime to abort it)"
                ),
            }
        }
    }
}

#[async_trait::async_trait]
impl BlobUpload for ObjectUpload {
    async fn write(&mut self, chunk: &[u8]) -> Result<(), BlobError> {
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        if let Some(upload) = self.multipart.as_mut() {
            upload
                .wait_for_capacity(PARTS_IN_FLIGHT)
                .await
                .map_err(store_error)?;
            upload.write(chunk);
            return Ok(());
        }
        if self.small.len() + chunk.len() <= MULTIPART_PART_SIZE {
            self.small.extend_from_slice(chunk);
            return Ok(());
        }
        let started = self
            .target
            .store
            .put_multipart(&self.temp)
            .await
            .map_err(store_error)?;
        let mut upload = WriteMultipart::new_with_chunk_size(started, MULTIPART_PART_SIZE);
        upload.put(Bytes::from(std::mem::take(&mut self.small)));
        upload.write(chunk);
        self.multipart = Some(upload);
        Ok(())
    }

    fn written(&self) -> u64 {
        self.size
    }

    async fn commit(mut self: Box<Self>) -> Result<StoredBlob, BlobError> {
        let address = BlobAddress::from_digest(&self.hasher.clone().finalize());
        let size = self.size;
        let key = self.target.key_of(&address);
        let Some(upload) = self.multipart.take() else {
            let payload = PutPayload::from(Bytes::from(std::mem::take(&mut self.small)));
            return match self
                .target
                .store
                .put_opts(&key, payload, PutOptions::from(PutMode::Create))
                .await
            {
                Ok(_) => Ok(StoredBlob { address, size }),
                Err(object_store::Error::AlreadyExists { .. }) => {
                    self.target.existing(address, size).await
                }
                Err(e) => Err(store_error(e)),
            };
        };
        upload.finish().await.map_err(store_error)?;
        let copied = self.target.store.copy_if_not_exists(&self.temp, &key).await;
        if let Err(e) = self.target.store.delete(&self.temp).await {
            tracing::warn!(key = %self.temp, "cannot delete a temporary upload object (the start-up sweep will): {e}");
        }
        match copied {
            Ok(()) => Ok(StoredBlob { address, size }),
            Err(object_store::Error::AlreadyExists { .. }) => {
                self.target.existing(address, size).await
            }
            Err(e) => Err(store_error(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use futures_util::StreamExt;
    use object_store::memory::InMemory;

    fn store() -> (ObjectBlobStore, Arc<InMemory>) {
        let mem = Arc::new(InMemory::new());
        (
            ObjectBlobStore::new(mem.clone(), "pre/fix", "memory://"),
            mem,
        )
    }

    async fn keys(mem: &InMemory) -> Vec<String> {
        let mut out: Vec<String> = mem
            .list(None)
            .map(|m| m.unwrap().location.to_string())
            .collect()
            .await;
        out.sort();
        out
    }

    #[tokio::test]
    async fn small_and_multipart_uploads_land_at_their_address_only() {
        let (s, mem) = store();
        let mut up = s.begin_upload().await.unwrap();
        up.write(b"hello world").await.unwrap();
        let small = up.commit().await.unwrap();
        assert_eq!(
            keys(&mem).await,
            vec![format!("pre/fix/b9/{}", small.address)]
        );
        // Three parts' worth, in odd-sized chunks.
        let big: Vec<u8> = (0..(MULTIPART_PART_SIZE * 2 + 12345))
            .map(|i| (i % 251) as u8)
            .collect();
        let mut up = s.begin_upload().await.unwrap();
        for c in big.chunks(700_001) {
            up.write(c).await.unwrap();
        }
        let stored = up.commit().await.unwrap();
        assert_eq!(stored.size, big.len() as u64);
        assert_eq!(
            stored.address,
            BlobAddress::from_digest(&Sha256::digest(&big))
        );
        assert_eq!(keys(&mem).await.len(), 2, "no temporary object remains");
        assert_eq!(
            super::super::read_all(&s, &stored.address).await.unwrap(),
            big
        );
    }

    #[tokio::test]
    async fn the_sweep_removes_only_stale_temporary_objects() {
        let (s, mem) = store();
        mem.put(
            &s.tmp_prefix().join("upload-old"),
            PutPayload::from_static(b"x"),
        )
        .await
        .unwrap();
        let now = Utc::now();
        assert_eq!(s.sweep_temporary(now).await.unwrap(), 0);
        assert_eq!(
            s.sweep_temporary(now + chrono::Duration::hours(2))
                .await
                .unwrap(),
            1
        );
        assert!(keys(&mem).await.is_empty());
    }
}
